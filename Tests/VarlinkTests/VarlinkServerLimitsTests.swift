import NIOCore
import Testing
@testable import Varlink

/// Limits and misbehaving clients: each is answered or closed, and other connections go on.
@Suite("Server limits")
struct VarlinkServerLimitsTests {
    private func ping(_ text: String) -> String {
        #"{"method":"org.example.test.Ping","parameters":{"ping":"\#(text)"}}"#
    }

    @Test func messageOverTheLimitGetsAnErrorThenClose() async throws {
        try await withLiveServer(limits: VarlinkServerLimits(maxMessageSize: 1024)) { live in
            let other = try await live.client()
            let client = try await live.client()
            // Just under the limit is fine.
            let fits = ping(String(repeating: "a", count: 1024 - ping("").utf8.count))
            try await client.sendMessage(fits)
            #expect(try await client.reply().error == nil)
            try await client.sendMessage(ping(String(repeating: "a", count: 2000)))
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["limit": 1024], error: "org.example.test.MessageTooLarge"))
            #expect(await client.closesWithoutReply())
            #expect(try await other.call("org.example.test.Ping", ["ping": "ok"]) == ["pong": "ok"])
            await other.close()
        }
    }

    @Test func oversizedMessageWithoutNULIsRefusedEarly() async throws {
        try await withLiveServer(limits: VarlinkServerLimits(maxMessageSize: 100)) { live in
            let client = try await live.client()
            try await client.sendRaw([UInt8](repeating: UInt8(ascii: " "), count: 500))
            #expect(try await client.reply().error == "org.example.test.MessageTooLarge")
            #expect(await client.closesWithoutReply())
        }
    }

    @Test func limitsChangeAtRuntime() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await client.sendMessage(ping(String(repeating: "b", count: 300)))
            #expect(try await client.reply().error == nil)
            var limits = live.server.limits
            limits.maxMessageSize = 200
            live.server.updateLimits(limits)
            #expect(live.server.limits.maxMessageSize == 200)
            try await client.sendMessage(ping(String(repeating: "b", count: 300)))
            #expect(try await client.reply().parameters["limit"] == 200)
        }
    }

    @Test func tooManyConnections() async throws {
        try await withLiveServer(limits: VarlinkServerLimits(maxConnections: 2)) { live in
            let first = try await live.client()
            let second = try await live.client()
            #expect(try await first.call("org.example.test.Ping", ["ping": "1"]) == ["pong": "1"])
            #expect(try await second.call("org.example.test.Ping", ["ping": "2"]) == ["pong": "2"])
            // The refused connection's first call is answered with the limit error, then EOF.
            let third = try await live.client()
            try await third.sendMessage(ping("3"))
            #expect(try await third.reply() == VarlinkReplyMessage(parameters: ["limit": 2], error: "org.example.test.TooManyConnections"))
            #expect(await third.closesWithoutReply())
            // One that sends nothing within the grace period is sent the error unasked (a call it
            // sends late reads it as the answer), then closed.
            let silent = try await live.client()
            let late = try await live.client()
            #expect(try await silent.reply() == VarlinkReplyMessage(parameters: ["limit": 2], error: "org.example.test.TooManyConnections"))
            #expect(await silent.closesWithoutReply(within: 20))
            // A call sent after the close still gets that error, not "connection closed".
            try await Task.sleep(for: .nanoseconds(VarlinkRejectHandler.gracePeriod.nanoseconds * 2) + .milliseconds(500))
            let lateCall = await #expect(throws: VarlinkError.self) {
                try await late.call("org.example.test.Ping", ["ping": "late"])
            }
            #expect(lateCall?.name == "org.example.test.TooManyConnections")
            // The existing connections are unaffected.
            #expect(try await first.call("org.example.test.Ping", ["ping": "again"]) == ["pong": "again"])
            // Once one leaves, a new connection is accepted.
            await second.close()
            #expect(await eventually { live.server.connectionCount == 1 })
            let fourth = try await live.client()
            #expect(try await fourth.call("org.example.test.Ping", ["ping": "4"]) == ["pong": "4"])
            await first.close()
            await fourth.close()
        }
    }

    @Test func idleConnectionsAreClosedButBusyOnesAreNot() async throws {
        // Margins are wide: a loaded 2-core CI machine can take hundreds of milliseconds
        // between connecting and sending the first call.
        try await withLiveServer(limits: VarlinkServerLimits(idleTimeout: .seconds(4))) { live in
            let busy = try await live.client()
            // A call running longer than the idle timeout is not interrupted.
            #expect(try await busy.call("org.example.test.Slow", ["ms": 6_000]) == [:])
            let idle = try await live.client()
            #expect(try await idle.call("org.example.test.Ping", ["ping": "x"]) == ["pong": "x"])
            let start = ContinuousClock.now
            // The idle timeout is announced (unsolicited), then the connection closes.
            #expect(try await idle.reply(within: 30) == VarlinkReplyMessage(parameters: ["kind": "idle", "seconds": 4],
                                                                            error: "org.varlink.server.ConnectionTimeout"))
            #expect(await idle.closesWithoutReply(within: 20))
            #expect(ContinuousClock.now - start < .seconds(25))
        }
    }

    @Test func incompleteMessageHitsTheReadTimeout() async throws {
        try await withLiveServer(limits: VarlinkServerLimits(readTimeout: .seconds(1))) { live in
            let client = try await live.client()
            try await client.sendRaw(Array(#"{"method":"org.example.test.Pi"#.utf8))
            let start = ContinuousClock.now
            // The unfinished call is answered with the timeout error, then the connection closes.
            #expect(try await client.reply(within: 30) == VarlinkReplyMessage(parameters: ["kind": "read", "seconds": 1],
                                                                              error: "org.varlink.server.ConnectionTimeout"))
            #expect(await client.closesWithoutReply(within: 20))
            #expect(ContinuousClock.now - start < .seconds(25), "closed by the read timeout, not the idle one (300 s)")
        }
    }

    @Test func malformedJSONGetsOneErrorThenClose() async throws {
        try await withLiveServer { live in
            let bystander = try await live.client()
            let client = try await live.client()
            try await client.sendRaw(Array(#"{"method": nope}"#.utf8) + [0] + Array(ping("never").utf8) + [0])
            let reply = try await client.reply()
            #expect(reply.error == "org.example.test.ProtocolError")
            #expect(reply.parameters["reason"]?.stringValue?.contains("invalid JSON at byte 12") == true)
            #expect(await client.closesWithoutReply())
            #expect(try await bystander.call("org.example.test.Ping", ["ping": "fine"]) == ["pong": "fine"])
            await bystander.close()
        }
    }

    @Test func invalidUTF8AndInvalidCallObjectsAreProtocolErrors() async throws {
        try await withLiveServer { live in
            for bad in [
                Array(#"{"method":"org.example.test.Ping","parameters":{"ping":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8),
                Array(#"{"method":"org.example.test.Ping","id":1}"#.utf8),
                Array(#"{"method":"org.example.test.Count","oneway":true,"more":true}"#.utf8),
                Array(#"["not","an","object"]"#.utf8),
            ] {
                let client = try await live.client()
                try await client.sendRaw(bad + [0])
                #expect(try await client.reply().error == "org.example.test.ProtocolError")
                #expect(await client.closesWithoutReply())
            }
        }
    }

    @Test func eofWithoutNULDropsThePartialMessage() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await client.sendRaw(Array(ping("lost").utf8))
            try await client.closeOutput()
            #expect(await client.closesWithoutReply())
            // A complete call before the half-close is still answered.
            let polite = try await live.client()
            try await polite.sendMessage(ping("kept"))
            try await polite.closeOutput()
            #expect(try await polite.reply() == VarlinkReplyMessage(parameters: ["pong": "kept"]))
            #expect(await polite.closesWithoutReply())
            #expect(await eventually { live.server.connectionCount == 0 })
        }
    }
}
