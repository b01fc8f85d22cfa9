import Synchronization
import Testing
@testable import Varlink

/// Methods registered with `startsEarly`: a call pipelined behind another prepares while that
/// one runs, acts only in its turn, and is answered in order; the client's send/receiveReply.
@Suite("Early start of pipelined calls")
struct VarlinkEarlyStartTests {
    static func step(_ n: Int64, holdMs: Int64 = 0, failBeforeTurn: Bool = false) -> String {
        #"{"method":"org.example.test.Step","parameters":{"n":\#(n),"hold_ms":\#(holdMs),"fail_before_turn":\#(failBeforeTurn)}}"#
    }

    static func happensBefore(_ steps: [String], _ first: String, _ second: String) -> Bool {
        guard let a = steps.firstIndex(of: first), let b = steps.firstIndex(of: second) else { return false }
        return a < b
    }

    /// The turn tells which call failed just before, pipelined or not, so a call that continues
    /// another need not depend on how the client timed them.
    @Test func theTurnTellsWhichCallFailedJustBefore() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let fail = #"{"method":"org.example.test.Fail","parameters":{"internal":false}}"#
            let ping = #"{"method":"org.example.test.Ping","parameters":{"ping":"p"}}"#
            let failTagged = #"{"method":"org.example.test.Step","parameters":{"n":9,"fail_before_turn":true,"tag":"part-9"}}"#
            let calls = [Self.step(1, holdMs: 100), fail, Self.step(2), ping, Self.step(3), failTagged, Self.step(4)]
            try await client.sendRaw(Array(calls.map { $0 + "\0" }.joined().utf8))
            #expect(try await client.reply().parameters == ["n": 1, "previous_ok": true])
            #expect(try await client.reply().error == "org.example.test.Custom")
            #expect(try await client.reply().parameters == ["n": 2, "previous_ok": false, "previous_failed": "org.example.test.Fail -"])
            #expect(try await client.reply().parameters == ["pong": "p"])
            #expect(try await client.reply().parameters == ["n": 3, "previous_ok": true])
            #expect(try await client.reply().error == "org.example.test.Custom")
            #expect(try await client.reply().parameters == ["n": 4, "previous_ok": false, "previous_failed": "org.example.test.Step part-9"])
            // One at a time: the same answers.
            await #expect(throws: VarlinkError.self) { try await client.call("org.example.test.Fail", ["internal": false]) }
            #expect(try await client.call("org.example.test.Step", ["n": 5]) == ["n": 5, "previous_ok": false, "previous_failed": "org.example.test.Fail -"])
            #expect(try await client.call("org.example.test.Step", ["n": 6]) == ["n": 6, "previous_ok": true])
            // A refused route (unknown method) counts as a failure too.
            await #expect(throws: VarlinkError.self) { try await client.call("org.example.test.Nope") }
            #expect(try await client.call("org.example.test.Step", ["n": 7])["previous_failed"] == "org.example.test.Nope -")
            await client.close()
        }
    }

    @Test func thePipelinedCallPreparesDuringTheOneBeforeAndActsAfterIt() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await client.sendRaw(Array([Self.step(1, holdMs: 300), Self.step(2)].map { $0 + "\0" }.joined().utf8))
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["n": 1, "previous_ok": true]))
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["n": 2, "previous_ok": true]))
            let steps = live.interface.steps.withLock { $0 }
            #expect(Self.happensBefore(steps, "prepared 2", "done 1") && Self.happensBefore(steps, "done 1", "turn 2"), "\(steps)")
            #expect(steps.filter { !$0.hasPrefix("prepared") } == ["turn 1", "done 1", "turn 2", "done 2"], "\(steps)")
            await client.close()
        }
    }

    @Test func aFailureWhilePreparingIsAnsweredInItsTurn() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let calls = [Self.step(1, holdMs: 200), Self.step(2, failBeforeTurn: true), #"{"method":"org.example.test.Ping","parameters":{"ping":"3"}}"#]
            try await client.sendRaw(Array(calls.map { $0 + "\0" }.joined().utf8))
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["n": 1, "previous_ok": true]))
            let second = try await client.reply()
            #expect(second.error == "org.example.test.Custom" && second.parameters["code"] == 2)
            #expect(try await client.reply() == VarlinkReplyMessage(parameters: ["pong": "3"]))
            let steps = live.interface.steps.withLock { $0 }
            #expect(Set(steps) == ["prepared 1", "turn 1", "prepared 2", "done 1"] && Self.happensBefore(steps, "prepared 2", "done 1"), "\(steps)")
            await client.close()
        }
    }

    /// Like a queued call, an early call whose connection closes before its turn never acts;
    /// the call in flight still completes.
    @Test func closingBeforeItsTurnDropsTheEarlyCall() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            try await client.sendRaw(Array([Self.step(1, holdMs: 300), Self.step(2)].map { $0 + "\0" }.joined().utf8))
            try await Task.sleep(for: .milliseconds(100))
            await client.close()
            try await Task.sleep(for: .milliseconds(600))
            let steps = live.interface.steps.withLock { $0 }
            #expect(Set(steps) == ["prepared 1", "turn 1", "prepared 2", "dropped 2", "done 1"] && steps.count == 5, "\(steps)")
            #expect(Self.happensBefore(steps, "dropped 2", "done 1"), "\(steps)")
        }
    }

    /// A stream in flight never lets the next call start early: it could wait forever. When
    /// the client leaves, the queued call is dropped unprepared.
    @Test func noEarlyStartBehindAStream() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            let calls = [#"{"method":"org.example.test.Watch","more":true}"#, Self.step(1)]
            try await client.sendRaw(Array(calls.map { $0 + "\0" }.joined().utf8))
            for _ in 0..<3 { #expect(try await client.reply().continues) }
            #expect(live.interface.steps.withLock { $0 }.isEmpty)
            await client.close()
            try await Task.sleep(for: .milliseconds(300))
            #expect(live.interface.steps.withLock { $0 }.isEmpty)
        }
    }

    @Test func sendAndReceiveReplyPipelineCallsInOrder() async throws {
        try await withLiveServer { live in
            let client = try await live.client()
            await #expect(throws: VarlinkClientError.noReplyPending) { try await client.receiveReply() }
            try await client.send("org.example.test.Step", ["n": 1, "hold_ms": 200])
            try await client.send("org.example.test.Step", ["n": 2])
            try await client.send("org.example.test.Fail", ["internal": false])
            await #expect(throws: VarlinkClientError.repliesPending) { try await client.call("org.example.test.Ping", ["ping": "x"]) }
            #expect(try await client.receiveReply() == ["n": 1, "previous_ok": true])
            #expect(try await client.receiveReply() == ["n": 2, "previous_ok": true])
            await #expect(throws: VarlinkError("org.example.test.Custom", parameters: ["code": 7])) { try await client.receiveReply() }
            #expect(try await client.call("org.example.test.Ping", ["ping": "x"]) == ["pong": "x"])
            let steps = live.interface.steps.withLock { $0 }
            #expect(Self.happensBefore(steps, "prepared 2", "done 1") && Self.happensBefore(steps, "done 1", "turn 2"), "\(steps)")
            await client.close()
        }
    }
}
