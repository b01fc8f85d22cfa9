import NIOCore
import Testing
@testable import Varlink

@Suite("JSON serializer")
struct JSONSerializerTests {
    @Test func compactOutput() {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true], "b": [:], "c": []]
        #expect(value.jsonString == #"{"a":[1,2.5,"x",null,true],"b":{},"c":[]}"#)
    }

    @Test func escapesControlCharactersAndQuotes() {
        let value = JSONValue.string("q\"b\\n\nt\tz\u{0}\u{1F}é")
        #expect(value.jsonString == #""q\"b\\n\nt\tz\u0000\u001fé""#)
    }

    @Test func integersAndDoubles() {
        #expect(JSONValue.int(Int64.min).jsonString == "-9223372036854775808")
        #expect(JSONValue.int(Int64.max).jsonString == "9223372036854775807")
        #expect(JSONValue.int(0).jsonString == "0")
        #expect(JSONValue.double(1).jsonString == "1.0")
        #expect(JSONValue.double(.nan).jsonString == "null")
        #expect(JSONValue.double(.infinity).jsonString == "null")
        #expect(JSONValue.double(1e-7).jsonString == "1e-07")
    }

    @Test func roundTrip() throws {
        let original: JSONValue = [
            "text": "Ош — 😀 \u{7} \"q\"",
            "numbers": [0, -1, .int(Int64.max), .int(Int64.min), 0.1, -2.5e-300, 1e300],
            "nested": ["deep": [["x": nil], [:], []], "flag": false],
        ]
        let bytes = original.jsonBytes
        let parsed = try JSONParser.parse(bytes)
        #expect(parsed == original)
        #expect(parsed.jsonBytes == bytes)
        var buffer = ByteBuffer()
        buffer.writeJSONValue(original)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(try JSONParser.parse(buffer) == original)
    }

    @Test func objectEqualityIgnoresOrder() throws {
        #expect(try JSONParser.parse(#"{"a":1,"b":2}"#) == JSONParser.parse(#"{"b":2,"a":1}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"a":1.0}"#))
    }

    @Test func objectSubscriptSetter() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 3
        object["c"] = 4
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["a"] == 3)
    }
}
