import Foundation
@testable import Postgres
import Testing

/// Pure parsing tests that need no server.
@Suite("Text-format parsers")
struct CodecUnitTests {
    @Test func arrayParser() {
        #expect(PGArrayParser.parse(Array("{}".utf8))?.count == 0)
        let parsed = PGArrayParser.parse(Array(#"{a,"b c","d\"e",NULL,"NULL"}"#.utf8))
        #expect(parsed?.map { $0.map { String(decoding: $0, as: UTF8.self) } } == ["a", "b c", "d\"e", nil, "NULL"])
        #expect(PGArrayParser.parse(Array("{{1,2},{3,4}}".utf8)) == nil)
        #expect(PGArrayParser.parse(Array("{\"unterminated}".utf8)) == nil)
        #expect(PGArrayParser.parse(Array("nope".utf8)) == nil)
    }

    @Test func uuidParameterIsItsLowerCaseText() {
        let edges = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
                     UUID(uuid: (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x10, 0x9A, 0xBC, 0xDE, 0xF0, 0x0F, 0xA5, 0x5A))]
        for id in edges + (0..<1_000).map({ _ in UUID() }) {
            var bytes: [UInt8] = []
            id.encode(into: &bytes)
            #expect(bytes == Array(id.uuidString.lowercased().utf8))
        }
    }

    @Test func dates() throws {
        #expect(PGDate(iso: "2019-04-16")?.description == "2019-04-16")
        #expect(PGDate(iso: "2019-02-29") == nil)
        #expect(PGDate(iso: "2024-02-29") != nil)
        #expect(PGDate(iso: "2019-4-16") == nil)
        #expect(PGDate(iso: "2019-13-01") == nil)
        let day = try #require(PGDate(iso: "2019-12-31"))
        #expect(day.adding(days: 1).description == "2020-01-01")
        #expect(PGDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(try #require(PGDate(iso: "1969-12-31")).daysSinceEpoch == -1)
    }

    @Test func timestamps() throws {
        let utc = try #require(TimestampParser.parse(Array("2019-04-16 06:00:00+00".utf8)))
        #expect(utc.timeIntervalSince1970 == 1_555_394_400)
        let bishkek = try #require(TimestampParser.parse(Array("2019-04-16 12:00:00.5+06".utf8)))
        #expect(bishkek.timeIntervalSince1970 == 1_555_394_400.5)
        let odd = try #require(TimestampParser.parse(Array("2019-04-16 05:30:00-00:30".utf8)))
        #expect(odd.timeIntervalSince1970 == 1_555_394_400)
        #expect(TimestampParser.parse(Array("2019-04-16 06:00:00".utf8)) == nil)
        #expect(Date(timeIntervalSince1970: 1_555_394_400.25).pgText == "2019-04-16 06:00:00.250000+00")
    }

    @Test func integersRejectOverflowAndJunk() {
        #expect(Int16.parseASCII(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
        for (text, expected) in [("32767", Int16(32767)), ("-32768", Int16.min)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { Int16.parseASCII($0) } == expected)
        }
        for bad in ["32768", "1a", "-", "+1"] {
            #expect(Array(bad.utf8).withUnsafeBytes { Int16.parseASCII($0) } == nil)
        }
    }

    @Test func queryInterpolationBindsValues() {
        let name = "Robert'); DROP TABLE person;--"
        let query: PGQuery = "SELECT * FROM person WHERE name = \(name) AND birth_year = \(Optional<Int>.none)"
        #expect(query.sql == "SELECT * FROM person WHERE name = $1 AND birth_year = $2")
        #expect(query.bindings.count == 2)
        #expect(query.bindings.values[0] == Array(name.utf8))
        #expect(query.bindings.values[1] == nil)
        #expect(query.bindings.types == [.text, .int8])
    }
}
