#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Varlink

/// Live calls over a Unix socket: introspection, errors, streaming, oneway, pipelining.
@Suite("Server protocol")
struct VarlinkServerProtocolTests {
    @Test func getInfo() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let info = try await client.call("org.varlink.service.GetInfo")
            #expect(info == [
                "vendor": "Test Vendor", "product": "vlk-test", "version": "1.2.3", "url": "https://example.org/vlk",
                "interfaces": ["org.varlink.service", "org.example.test"],
            ])
            await client.close()
        }
    }

    @Test func interfaceDescriptionsAreServedVerbatim() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let own = try await client.call("org.varlink.service.GetInterfaceDescription", ["interface": "org.example.test"])
            #expect(own["description"] == .string(TestInterface.idl))
            let builtIn = try await client.call("org.varlink.service.GetInterfaceDescription", ["interface": "org.varlink.service"])
            #expect(builtIn["description"] == .string(OrgVarlinkService.description))
            await #expect(throws: VarlinkError.interfaceNotFound("org.example.nope")) {
                try await client.call("org.varlink.service.GetInterfaceDescription", ["interface": "org.example.nope"])
            }
            await client.close()
        }
    }

    @Test func standardErrorsKeepTheConnectionUsable() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            await #expect(throws: VarlinkError.methodNotFound("org.example.test.Nope")) {
                try await client.call("org.example.test.Nope")
            }
            await #expect(throws: VarlinkError.interfaceNotFound("org.example.nope")) {
                try await client.call("org.example.nope.Ping", ["ping": "x"])
            }
            await #expect(throws: VarlinkError.methodNotImplemented("org.example.test.NotImplemented")) {
                try await client.call("org.example.test.NotImplemented")
            }
            await #expect(throws: VarlinkError.invalidParameter("pong")) {
                try await client.call("org.example.test.Ping", ["pong": "x"])
            }
            await #expect(throws: VarlinkError.invalidParameter("entries[1].day")) {
                try await client.call("org.example.test.Record", ["entries": [["day": 1], ["day": "2"]], "mode": "strict"])
            }
            await #expect(throws: VarlinkError.invalidParameter("mode")) {
                try await client.call("org.example.test.Record", ["entries": [], "mode": "sloppy"])
            }
            await #expect(throws: VarlinkError.expectedMore) {
                try await client.call("org.example.test.Count", ["n": 2])
            }
            await #expect(throws: VarlinkError("org.example.test.Custom", parameters: ["code": 7])) {
                try await client.call("org.example.test.Fail", ["internal": false])
            }
            await #expect(throws: VarlinkError("org.example.test.Internal")) {
                try await client.call("org.example.test.Fail", ["internal": true])
            }
            #expect(try await client.call("org.example.test.Ping", ["ping": "still here"]) == ["pong": "still here"])
            await client.close()
        }
    }

    @Test func streamingWithMore() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            var replies: [JSONValue] = []
            for try await reply in try await client.callMore("org.example.test.Count", ["n": 3]) {
                replies.append(reply)
            }
            #expect(replies == [["i": 0], ["i": 1], ["i": 2], ["i": 3]])
            // On the wire: `continues: true` on all but the last reply, which has no `continues`.
            try await client.sendMessage(#"{"method":"org.example.test.Count","parameters":{"n":2},"more":true}"#)
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["i": 0], continues: true))
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["i": 1], continues: true))
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["i": 2], continues: false))
            await client.close()
        }
    }

    @Test func onewayGetsNoReplyAtAll() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await client.oneway("org.example.test.Bump")
            // Invalid and unknown oneway calls get no error reply either.
            try await client.sendMessage(#"{"method":"org.example.test.Ping","parameters":{"wrong":1},"oneway":true}"#)
            try await client.sendMessage(#"{"method":"org.example.nope.X","oneway":true}"#)
            try await client.sendMessage(#"{"method":"org.example.test.Ping","parameters":{"ping":"next"}}"#)
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["pong": "next"]))
            #expect(try await client.call("org.example.test.Bumps") == ["count": 1])
            await client.close()
        }
    }

    @Test func pipelinedCallsAreAnsweredInOrder() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let calls = [
                #"{"method":"org.example.test.Slow","parameters":{"ms":150}}"#,
                #"{"method":"org.example.test.Ping","parameters":{"ping":"2"}}"#,
                #"{"method":"org.example.test.Nope"}"#,
                #"{"method":"org.example.test.Ping","parameters":{"ping":"3"}}"#,
            ]
            try await client.sendRaw(Array(calls.map { $0 + "\0" }.joined().utf8))
            #expect(try await client.reply() == VarlinkReplyMessage())
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["pong": "2"]))
            #expect(try await client.reply().error == "org.varlink.service.MethodNotFound")
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["pong": "3"]))
            await client.close()
        }
    }

    @Test func concurrentCallersOnOneClientAreSerialised() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let reply = try await client.call("org.example.test.Ping", ["ping": .string("\(index)")])
                        #expect(reply == ["pong": .string("\(index)")])
                    }
                }
                try await group.waitForAll()
            }
            await client.close()
        }
    }

    @Test func callAcceptsAbsentOrNullParametersAndFalseFlags() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await client.sendMessage(#"{"method":"org.varlink.service.GetInfo","parameters":null,"more":false,"oneway":false}"#)
            #expect(try await client.reply().parameters["product"] == "vlk-test")
            try await client.sendMessage(#"{"method":"org.example.test.Bumps"}"#)
            #expect(try await client.reply().parameters["count"] == 0)
            await client.close()
        }
    }

    @Test func peerCredentialsAreTheCallers() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let me = try await client.call("org.example.test.WhoAmI")
            #expect(me["uid"] == .int(Int64(getuid())))
            #expect(me["gid"] == .int(Int64(getgid())))
            #expect(me["pid"] == .int(Int64(getpid())))
            await client.close()
        }
    }

    @Test func clientCallTimeoutClosesTheConnection() async throws {
        try await withLiveServer { live in
            let client = try await live.client(VarlinkClientConfiguration(callTimeout: .milliseconds(200)))
            await #expect(throws: VarlinkClientError.timedOut) {
                try await client.call("org.example.test.Slow", ["ms": 2000])
            }
            // The connection's state is unknown after a timeout: it was closed.
            await #expect(throws: VarlinkClientError.connectionClosed) {
                try await client.call("org.example.test.Ping", ["ping": "x"])
            }
        }
    }

    @Test func eofDuringStreamCancelsTheHandler() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            var iterator = try await client.callMore("org.example.test.Watch").makeAsyncIterator()
            #expect(try await iterator.next() == ["tick": 0])
            #expect(live.interface.isWatchCancelled == false)
            await client.close()
            #expect(await eventually { live.interface.isWatchCancelled })
            #expect(await eventually { live.server.connectionCount == 0 })
        }
    }
}
