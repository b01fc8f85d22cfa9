import Foundation
import TestSupport
import Testing
@testable import Varlink

extension FaultSuites {
    /// A catalogue of hostile input over the real socket of a real daemon. Each costs at most its own
    /// connection; the daemon stays up with bounded memory and a well-behaved client on another
    /// connection keeps getting correct answers. (The Varlink module's own tests cover the same
    /// mechanisms against a toy interface; these check the daemon as deployed: its limits, its error
    /// names, its parameter validation.)
    @Suite("Hostile input over the real socket")
    struct HostileInputTests {
        static let protocolError = "io.trainingd.System.ProtocolError"
        static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        static let status = bytes(#"{"method":"io.trainingd.System.Status"}"#)

        /// Malformed framing and JSON: one ProtocolError (or nothing, if the client left), then close.
        @Test func malformedMessagesCostOnlyTheirConnection() async throws {
            let h = try await HostileHarness.start(prefix: "hostile")
            let deep = 100_000
            let cases: [(String, [UInt8], expected: String?)] = [
                ("invalid UTF-8 in a string", Self.bytes(#"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":"ab","name":""#)
                    + [0xC3, 0x28, 0xFF] + Self.bytes(#""}}"#) + [0], Self.protocolError),
                ("invalid UTF-8 in the method name", Self.bytes(#"{"method":"io.trainingd.\#u{FFFD}"#).dropLast(3) + [0xED, 0xA0, 0x80]
                    + Self.bytes(#"System.Status"}"#) + [0], Self.protocolError),
                ("arrays nested \(deep) deep", Self.bytes(#"{"method":"io.trainingd.System.Status","parameters":{"x":"#)
                    + [UInt8](repeating: UInt8(ascii: "["), count: deep) + [UInt8](repeating: UInt8(ascii: "]"), count: deep) + Self.bytes("}}") + [0],
                 Self.protocolError),
                ("objects nested \(deep) deep", Array(String(repeating: #"{"a":"#, count: deep).utf8) + Self.bytes("1")
                    + [UInt8](repeating: UInt8(ascii: "}"), count: deep) + [0], Self.protocolError),
                ("an empty message", [0], Self.protocolError),
                ("a JSON array", Self.bytes(#"["io.trainingd.System.Status"]"#) + [0], Self.protocolError),
                ("a NUL inside a string", Self.bytes(#"{"method":"io.trainingd.Sys"#) + [0] + Self.bytes(#"tem.Status"}"#) + [0], Self.protocolError),
                ("an unknown header key", Self.bytes(#"{"method":"io.trainingd.System.Status","id":7}"#) + [0], Self.protocolError),
                ("oneway together with more", Self.bytes(#"{"method":"io.trainingd.Events.Watch","oneway":true,"more":true}"#) + [0], Self.protocolError),
                ("binary noise", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) | 1 } + [0], Self.protocolError),
            ]
            for (name, bytes, expected) in cases {
                let client = try await h.daemon.connect()
                await client.sendHostile(bytes)
                let outcome = await client.outcome()
                #expect(outcome.errorName == expected, "\(name): \(outcome)")
                #expect(await client.outcome() == .closed, "\(name): the connection is closed after the error")
                try await h.checkStillServing(after: name)
            }

            // Truncated messages, then the client goes away: no reply, nothing half-done.
            let call = Self.bytes(#"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":"truncated","name":"Truncated"}}"#)
            for cut in [1, 10, call.count / 2, call.count - 1, call.count] {
                let client = try await h.daemon.connect()
                await client.sendHostile(Array(call.prefix(cut)))
                try? await client.closeOutput()
                #expect(await client.outcome() == .closed, "truncated to \(cut) bytes")
            }
            let tenants = try await h.daemon.call("io.trainingd.System.ListTenants")
            #expect(tenants["tenants"]?.arrayValue?.count == 1, "no truncated call was executed: \(tenants)")
            try await h.checkStillServing(after: "truncated messages")

            // Bytes without a NUL, then EOF: dropped. Kept open instead: the read timeout answers.
            let noNUL = try await h.daemon.connect()
            await noNUL.sendHostile([UInt8](repeating: UInt8(ascii: "a"), count: 100_000))
            try? await noNUL.closeOutput()
            #expect(await noNUL.outcome() == .closed)
            let stalled = try await h.daemon.connect()
            await stalled.sendHostile(Self.bytes(#"{"method":"io.trainingd.System.Sta"#))
            #expect(await stalled.outcome() == .reply(VarlinkReplyMessage(
                parameters: ["kind": "read", "seconds": .int(Int64(HostileHarness.readTimeoutSeconds))], error: "io.trainingd.System.ConnectionTimeout")))
            #expect(await stalled.outcome() == .closed)
            let rss = try await h.checkStillServing(after: "bytes without a NUL")
            print("hostile: \(cases.count + 7) malformed connections, daemon RSS \(rss / 1024) MiB")
            await h.stop()
        }

        /// A 16 MiB message gets MessageTooLarge (1 MiB limit) and the connection closes; a long but
        /// fitting string is refused by name, with the connection kept.
        @Test func oversizedMessageIsRefusedWithoutBeingBuffered() async throws {
            let h = try await HostileHarness.start(prefix: "hostilesize")
            let before = h.rssKiB
            let client = try await h.daemon.connect()
            let huge = Self.bytes(#"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":"huge","name":""#)
                + [UInt8](repeating: UInt8(ascii: "x"), count: 16 << 20) + Self.bytes(#""}}"#) + [0]
            async let sent: Void = client.sendHostile(huge)
            let outcome = await client.outcome(within: 60)
            await sent
            #expect(outcome == .reply(VarlinkReplyMessage(parameters: ["limit": .int(1 << 20)], error: "io.trainingd.System.MessageTooLarge")))
            #expect(await client.outcome() == .closed)
            let after = try await h.checkStillServing(after: "a 16 MiB message")
            #expect(after - before < 64 * 1024, "RSS grew from \(before) to \(after) KiB: the message was buffered")

            let fitting = try await h.daemon.connect()
            let name = String(repeating: "ы", count: 400_000)   // 800,000 bytes: under the limit, over the 200-character rule
            let refusal = await #expect(throws: VarlinkError.self) {
                _ = try await fitting.call("io.trainingd.System.CreateTenant", ["slug": "long-name", "name": .string(name)])
            }
            #expect(refusal?.name == "io.trainingd.System.InvalidField" && refusal?.parameters["field"] == "name", "\(String(describing: refusal))")
            #expect(refusal?.parameters["reason"]?.stringValue?.contains("at most 200") == true)
            #expect(try await fitting.call("io.trainingd.System.WhoAmI")["uid"] == 0)
            await fitting.close()
            print("hostile: 16 MiB message refused; RSS \(before / 1024) -> \(after / 1024) MiB")
            await h.stop()
        }
    }
}
