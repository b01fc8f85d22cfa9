import Foundation
import Postgres
import TestSupport
import Testing

/// Every supported type survives a round trip through the real server, NULL included.
@Suite("Type encoding and decoding against PostgreSQL")
struct CodecTests {
    let connection: PGConnection

    init() throws {
        connection = try TestPostgres.connect(try TestPostgres.createDatabase(prefix: "codec"))
    }

    /// Binds `value` as its own type, has the server cast it through `sqlType`, and reads it back.
    func roundTrip<T: PGEncodable & PGDecodable>(_ value: T, _ sqlType: String) throws -> T {
        let result = try connection.query(PGQuery(unsafeSQL: "SELECT $1::\(sqlType) AS v", bindings: {
            var b = PGBindings(); b.append(value); return b
        }()))
        return try result[0].decode("v", as: T.self)
    }

    func nullRoundTrip<T: PGEncodable & PGDecodable>(_ type: T.Type, _ sqlType: String) throws -> T? {
        var bindings = PGBindings()
        bindings.appendNull(T.pgType)
        let result = try connection.query(PGQuery(unsafeSQL: "SELECT $1::\(sqlType) AS v", bindings: bindings))
        #expect(result[0].isNull(0))
        return try result[0].decode(0, as: T?.self)
    }

    @Test func integers() throws {
        #expect(try roundTrip(Int16.min, "int2") == Int16.min)
        #expect(try roundTrip(Int16(-7), "int2") == -7)
        #expect(try roundTrip(Int32.max, "int4") == Int32.max)
        #expect(try roundTrip(Int64.min, "int8") == Int64.min)
        #expect(try roundTrip(Int(41_706_207_811_000), "int8") == 41_706_207_811_000)
        #expect(try nullRoundTrip(Int16.self, "int2") == nil)
        #expect(try nullRoundTrip(Int32.self, "int4") == nil)
        #expect(try nullRoundTrip(Int64.self, "int8") == nil)
        // The server's own arithmetic comes back exact.
        let sum = try connection.query("SELECT \(Int32(2_000_000_000))::int8 + \(Int64(2_000_000_000)) AS s")
        #expect(try sum[0].decode("s", as: Int64.self) == 4_000_000_000)
    }

    @Test func textIsByteExact() throws {
        let samples = [
            "Гүлчө", "Бүлөлү айыл аймагы", "Чоң-Алай", "ңөүҢӨҮ", "O'Connor \"quoted\" \\ back",
            "emoji 🇰🇬 and tab\tand newline\n", "",
            "Gu\u{0308}lcho\u{0308}",  // decomposed: must not be normalised by the round trip
        ]
        for sample in samples {
            let back = try roundTrip(sample, "text")
            #expect(Array(back.utf8) == Array(sample.utf8))
        }
        let length = try connection.query("SELECT length(\("Гүлчө")) AS n, octet_length(\("Гүлчө")) AS o")
        #expect(try length[0].decode("n", as: Int.self) == 5)
        #expect(try length[0].decode("o", as: Int.self) == 10)
        #expect(try nullRoundTrip(String.self, "text") == nil)
    }

    @Test func textWithNULIsRefused() throws {
        let error = try #require(throws: PGError.self) { try connection.query("SELECT \("a\u{0}b")::text") }
        #expect(error.sqlState == SQLState("22021"))
        // The connection is still usable.
        #expect(try connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
    }

    @Test func booleans() throws {
        #expect(try roundTrip(true, "bool") == true)
        #expect(try roundTrip(false, "bool") == false)
        #expect(try nullRoundTrip(Bool.self, "bool") == nil)
        #expect(try connection.query("SELECT 1 < 2 AS b")[0].decode("b", as: Bool.self))
    }

    @Test func uuids() throws {
        let id = UUID()
        #expect(try roundTrip(id, "uuid") == id)
        #expect(try nullRoundTrip(UUID.self, "uuid") == nil)
        let generated = try connection.query("SELECT gen_random_uuid() AS u")[0].decode("u", as: UUID.self)
        #expect(generated != id)
    }

    @Test func dates() throws {
        let day = try #require(PGDate(year: 2019, month: 4, day: 16))
        #expect(try roundTrip(day, "date") == day)
        let leap = try #require(PGDate(year: 2024, month: 2, day: 29))
        #expect(try roundTrip(leap, "date") == leap)
        #expect(try nullRoundTrip(PGDate.self, "date") == nil)
        let next = try connection.query("SELECT \(day) + 1 AS d")[0].decode("d", as: PGDate.self)
        #expect(next.description == "2019-04-17")
    }

    @Test func timestamps() throws {
        let instant = Date(timeIntervalSince1970: 1_555_394_400.123456)  // 2019-04-16 06:00:00.123456 UTC
        let back = try roundTrip(instant, "timestamptz")
        #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
        let fixed = try connection.query("SELECT '2019-04-16 12:00:00+06'::timestamptz AS t")[0].decode("t", as: Date.self)
        #expect(fixed.timeIntervalSince1970 == 1_555_394_400)
        #expect(try nullRoundTrip(Date.self, "timestamptz") == nil)
    }

    @Test func numerics() throws {
        let budget = try #require(Decimal(string: "1234567.89", locale: Locale(identifier: "en_US_POSIX")))
        #expect(try roundTrip(budget, "numeric(14,2)") == budget)
        let precise = try #require(Decimal(string: "0.1", locale: Locale(identifier: "en_US_POSIX")))
        let sum = try connection.query("SELECT \(precise) + \(precise) + \(precise) AS s")[0].decode("s", as: Decimal.self)
        #expect(sum == Decimal(string: "0.3", locale: Locale(identifier: "en_US_POSIX")))
        #expect(try nullRoundTrip(Decimal.self, "numeric") == nil)
    }

    @Test func jsonb() throws {
        struct Payload: Codable, Equatable { var name: String; var women: Int }
        let value = Payload(name: "Гүлчө", women: 12)
        let back = try roundTrip(try PGJSON(encoding: value), "jsonb")
        #expect(try back.decode(Payload.self) == value)
        let field = try connection.query("SELECT (\(try PGJSON(encoding: value)))->>'name' AS n")[0].decode("n", as: String.self)
        #expect(field == "Гүлчө")
        #expect(try nullRoundTrip(PGJSON.self, "jsonb") == nil)
    }

    @Test func textArrays() throws {
        let modules = ["СЭӨП маңызы", "with, comma", "with \"quotes\" and \\", "NULL", "{braces}", "", "  spaced  "]
        #expect(try roundTrip(modules, "text[]") == modules)
        #expect(try roundTrip([String](), "text[]") == [])
        #expect(try nullRoundTrip([String].self, "text[]") == nil)
        let count = try connection.query("SELECT cardinality(\(modules)) AS n")[0].decode("n", as: Int.self)
        #expect(count == modules.count)
        let fromServer = try connection.query("SELECT ARRAY['a b', 'ң']::text[] AS a")[0].decode("a", as: [String].self)
        #expect(fromServer == ["a b", "ң"])
        let withNull = try connection.query("SELECT ARRAY['a', NULL]::text[] AS a")
        #expect(throws: PGError.self) { try withNull[0].decode("a", as: [String].self) }
    }

    @Test func decodingMismatchNamesTheProblem() throws {
        let result = try connection.query("SELECT 'abc'::text AS t, NULL::int AS n")
        #expect(throws: PGError.self) { try result[0].decode("t", as: Int.self) }
        let nullError = try #require(throws: PGError.self) { try result[0].decode("n", as: Int.self) }
        #expect(nullError.message.contains("n"))
        #expect(throws: PGError.self) { try result[0].decode("missing", as: Int.self) }
    }
}
