import NIOCore
import Testing
@testable import Varlink

@Suite("Call and reply messages")
struct VarlinkMessageTests {
    private func call(_ text: String) throws -> VarlinkCallMessage {
        try VarlinkCallMessage(json: try JSONParser.parse(text))
    }

    private func violation(_ text: String) -> String? {
        do {
            _ = try call(text)
            return nil
        } catch let error as VarlinkProtocolViolation {
            return error.reason
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func decodesCalls() throws {
        let plain = try call(#"{"method":"org.example.a.Ping"}"#)
        #expect(plain == VarlinkCallMessage(method: "org.example.a.Ping"))
        #expect(plain.interfaceName == "org.example.a")
        #expect(plain.methodName == "Ping")
        #expect(try call(#"{"method":"a.b.C","parameters":null}"#).parameters.isEmpty)
        let full = try call(#"{"more":false,"oneway":true,"parameters":{"x":1},"method":"a.b.C","upgrade":false}"#)
        #expect(full.oneway && !full.more && !full.upgrade)
        #expect(full.parameters["x"] == 1)
    }

    @Test func rejectsInvalidCalls() {
        #expect(violation(#"[1]"#) == "call is not a JSON object")
        #expect(violation(#"{"parameters":{}}"#) == "call without 'method'")
        #expect(violation(#"{"method":1}"#) == "'method' is not a string")
        #expect(violation(#"{"method":"a.b.C","parameters":[]}"#) == "'parameters' is not an object")
        #expect(violation(#"{"method":"a.b.C","more":"yes"}"#) == "'more' is not a boolean")
        #expect(violation(#"{"method":"a.b.C","id":7}"#) == "unknown key 'id' in call")
        #expect(violation(#"{"method":"a.b.C","oneway":true,"more":true}"#) == "'oneway' and 'more' together")
    }

    @Test func splitsAtTheLastDot() {
        let split = VarlinkCallMessage.split("io.trainingd.Events.GetEvent")
        #expect(split?.interface == "io.trainingd.Events")
        #expect(split?.member == "GetEvent")
        #expect(VarlinkCallMessage.split("NoDot") == nil)
        #expect(VarlinkCallMessage.split("a.b.") == nil)
        #expect(VarlinkCallMessage.split(".X") == nil)
    }

    private func wire(_ reply: VarlinkReplyMessage) -> String {
        var buffer = ByteBuffer()
        reply.write(to: &buffer)
        return String(buffer: buffer)
    }

    @Test func encodesReplies() {
        #expect(wire(VarlinkReplyMessage()) == "{\"parameters\":{}}\0")
        #expect(wire(VarlinkReplyMessage(parameters: ["a": 1], continues: true)) == "{\"parameters\":{\"a\":1},\"continues\":true}\0")
        #expect(wire(VarlinkReplyMessage(parameters: ["id": 7], error: "a.b.NoSuchJob")) == "{\"error\":\"a.b.NoSuchJob\",\"parameters\":{\"id\":7}}\0")
        // An error is always final.
        #expect(VarlinkReplyMessage(continues: true, error: "a.b.E").continues == false)
    }

    @Test func decodesReplies() throws {
        let reply = try VarlinkReplyMessage(json: try JSONParser.parse(#"{"continues":false,"parameters":{"x":1}}"#))
        #expect(reply == VarlinkReplyMessage(parameters: ["x": 1]))
        #expect(try VarlinkReplyMessage(json: try JSONParser.parse(#"{}"#)) == VarlinkReplyMessage())
        #expect(throws: VarlinkProtocolViolation.self) { try VarlinkReplyMessage(json: try JSONParser.parse(#"{"extra":1}"#)) }
        #expect(throws: VarlinkProtocolViolation.self) {
            try VarlinkReplyMessage(json: try JSONParser.parse(#"{"error":"a.b.E","continues":true}"#))
        }
    }
}
