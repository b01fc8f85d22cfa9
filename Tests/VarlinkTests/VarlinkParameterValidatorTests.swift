import Testing
@testable import Varlink

@Suite("Parameter validation")
struct VarlinkParameterValidatorTests {
    static let idl = """
        interface org.example.validate

        type Entry (
          day: int,
          note: ?string,
          kind: Kind
        )

        type Kind (lecture, workshop)

        method Record(
          entries: []Entry,
          mode: (strict, lenient),
          labels: ?[string]string,
          extra: ?object,
          ratio: ?float,
          flag: ?bool,
          nested: ?(inner: (leaf: int))
        ) -> ()
        """

    private func check(_ parameters: JSONValue) throws -> VarlinkValidationFailure? {
        let interface = try VarlinkIDLParser.parse(Self.idl)
        let method = try #require(interface.method(named: "Record"))
        let object = try #require(parameters.objectValue)
        return VarlinkParameterValidator(interface: interface).validate(object, against: method.input)
    }

    private let valid: JSONValue = [
        "entries": [["day": 1, "kind": "lecture"], ["day": 2, "note": "x", "kind": "workshop"]],
        "mode": "strict",
    ]

    private func with(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var object) = valid else { return valid }
        object[key] = value
        return .object(object)
    }

    @Test func acceptsValidInput() throws {
        #expect(try check(valid) == nil)
        #expect(try check(with("labels", ["a": "b"])) == nil)
        #expect(try check(with("extra", ["anything": [1, nil]])) == nil)
        #expect(try check(with("ratio", 3)) == nil)  // int accepted for float
        #expect(try check(with("ratio", 0.5)) == nil)
        #expect(try check(with("flag", .some(.null))) == nil)  // null for optional
        #expect(try check(with("nested", ["inner": ["leaf": 1]])) == nil)
    }

    @Test func unknownField() throws {
        #expect(try check(with("bogus", 1)) == VarlinkValidationFailure(path: "bogus", reason: .unknownField))
        let nested: JSONValue = with("entries", [["day": 1, "kind": "lecture", "extra": true]])
        #expect(try check(nested)?.path == "entries[0].extra")
    }

    @Test func missingField() throws {
        #expect(try check(with("mode", nil)) == VarlinkValidationFailure(path: "mode", reason: .missingField))
        let entries: JSONValue = [["day": 1, "kind": "lecture"], ["day": 1, "kind": "lecture"], ["day": 1, "kind": "lecture"], ["kind": "lecture"]]
        #expect(try check(with("entries", entries)) == VarlinkValidationFailure(path: "entries[3].day", reason: .missingField))
    }

    @Test func wrongType() throws {
        #expect(try check(with("mode", 1))?.path == "mode")
        #expect(try check(with("entries", [["day": "1", "kind": "lecture"]])) == VarlinkValidationFailure(path: "entries[0].day", reason: .wrongType(expected: "int")))
        #expect(try check(with("entries", [["day": 1.0, "kind": "lecture"]]))?.path == "entries[0].day")  // float for int
        #expect(try check(with("entries", ["not an object"]))?.path == "entries[0]")
        #expect(try check(with("entries", ["day": 1]))?.reason == .wrongType(expected: "array"))
        #expect(try check(with("extra", [1]))?.path == "extra")  // object must be an object
        #expect(try check(with("ratio", "1"))?.path == "ratio")
        #expect(try check(with("labels", ["colour": 5])) == VarlinkValidationFailure(path: "labels[colour]", reason: .wrongType(expected: "string")))
        #expect(try check(with("nested", ["inner": ["leaf": true]]))?.path == "nested.inner.leaf")
    }

    @Test func nullForRequiredField() throws {
        #expect(try check(with("mode", .some(.null))) == VarlinkValidationFailure(path: "mode", reason: .nullNotAllowed))
        #expect(try check(with("entries", [["day": nil, "kind": "lecture"]])) == VarlinkValidationFailure(path: "entries[0].day", reason: .nullNotAllowed))
    }

    @Test func unknownEnumValue() throws {
        #expect(try check(with("mode", "sloppy")) == VarlinkValidationFailure(path: "mode", reason: .unknownEnumValue))
        #expect(try check(with("entries", [["day": 1, "kind": "party"]])) == VarlinkValidationFailure(path: "entries[0].kind", reason: .unknownEnumValue))
    }
}
