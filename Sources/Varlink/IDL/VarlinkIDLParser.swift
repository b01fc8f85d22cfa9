/// Parser for the Varlink interface definition language (reference §1.8, varlink.org grammar).
///
/// Why: the daemon serves its IDL text verbatim and validates every call against it, so the text
/// must be parsed once at startup, and any mistake in it must fail the start rather than every
/// client (the Python client parses the IDL before each call).
///
/// Beyond the grammar it enforces the portable subset that the Python 31.0.0 client and systemd
/// both accept where cheap: `\r` is rejected anywhere (Python fails on CRLF), no trailing commas,
/// names checked against the grammar's patterns, unique member/field/enum names, and every named
/// type reference must resolve. Comment blocks directly before `interface`, members and fields are
/// kept as documentation (a blank line ends a block).
public struct VarlinkIDLParser: ~Copyable {
    private let bytes: [UInt8]
    private var position = 0
    private var pendingDocumentation: [String] = []

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses one interface description.
    public static func parse(_ description: String) throws(VarlinkIDLError) -> VarlinkInterfaceDefinition {
        var parser = VarlinkIDLParser(description)
        return try parser.parseInterface()
    }

    // MARK: - Interface and members

    private mutating func parseInterface() throws(VarlinkIDLError) -> VarlinkInterfaceDefinition {
        if let carriageReturn = bytes.firstIndex(of: 0x0D) {
            position = carriageReturn
            throw error("carriage return (\\r) is not allowed; use \\n line ends")
        }
        skipTrivia()
        let documentation = takeDocumentation()
        try expectKeyword("interface")
        let nameOffset = position
        let name = word()
        guard VarlinkNames.isInterfaceName(name) else {
            position = nameOffset
            throw error("invalid interface name '\(name)'")
        }
        var members: [VarlinkMember] = []
        var seen: Set<String> = []
        while true {
            skipTrivia()
            guard position < bytes.count else { break }
            let memberDocumentation = takeDocumentation()
            let memberOffset = position
            let member = try parseMember(documentation: memberDocumentation)
            guard seen.insert(member.name).inserted else {
                position = memberOffset
                throw error("duplicate member name '\(member.name)'")
            }
            members.append(member)
        }
        guard !members.isEmpty else { throw error("interface has no members") }
        let interface = VarlinkInterfaceDefinition(name: name, documentation: documentation, members: members)
        try checkReferences(interface)
        return interface
    }

    private mutating func parseMember(documentation: String) throws(VarlinkIDLError) -> VarlinkMember {
        let keywordOffset = position
        let keyword = word()
        switch keyword {
        case "type":
            let name = try memberName()
            let type = try parseParenthesized(allowEnum: true)
            if case .struct(let fields) = type, fields.isEmpty {
                throw error("empty type '\(name)' is ambiguous (struct or enum); systemd rejects it")
            }
            return .type(VarlinkTypeDefinition(name: name, type: type, documentation: documentation))
        case "method":
            let name = try memberName()
            let input = try parseStructFields()
            skipTrivia()
            try expect("->")
            let output = try parseStructFields()
            return .method(VarlinkMethodDefinition(name: name, input: input, output: output, documentation: documentation))
        case "error":
            let name = try memberName()
            let parameters = try parseStructFields()
            return .error(VarlinkErrorDefinition(name: name, parameters: parameters, documentation: documentation))
        default:
            position = keywordOffset
            throw error("expected 'type', 'method' or 'error'")
        }
    }

    private mutating func memberName() throws(VarlinkIDLError) -> String {
        skipTrivia()
        let offset = position
        let name = word()
        guard VarlinkNames.isMemberName(name) else {
            position = offset
            throw error(name.isEmpty ? "expected a name" : "invalid name '\(name)' (must match [A-Z][A-Za-z0-9]*)")
        }
        return name
    }

    // MARK: - Structs, enums, types

    private mutating func parseStructFields() throws(VarlinkIDLError) -> [VarlinkField] {
        let offset = position
        guard case .struct(let fields) = try parseParenthesized(allowEnum: false) else {
            position = offset
            throw error("expected a struct")
        }
        return fields
    }

    /// Parses `( ... )` as a struct (`name: type, ...`), an enum (`name, ...`) or `()` (empty struct).
    private mutating func parseParenthesized(allowEnum: Bool) throws(VarlinkIDLError) -> VarlinkType {
        skipTrivia()
        try expect("(")
        skipTrivia()
        if peek() == UInt8(ascii: ")") {
            position += 1
            _ = takeDocumentation()
            return .struct([])
        }
        var fields: [VarlinkField] = []
        var enumValues: [String] = []
        var isEnum: Bool?
        var names: Set<String> = []
        while true {
            skipTrivia()
            let documentation = takeDocumentation()
            let nameOffset = position
            let name = word()
            guard VarlinkNames.isFieldName(name) else {
                throw error(name.isEmpty ? "expected a field name" : "invalid field name '\(name)'")
            }
            guard names.insert(name).inserted else {
                position = nameOffset
                throw error("duplicate field name '\(name)'")
            }
            skipTrivia()
            let hasType = peek() == UInt8(ascii: ":")
            if isEnum == nil { isEnum = !hasType }
            if isEnum == true {
                guard allowEnum, !hasType else { throw error(allowEnum ? "mixed enum values and struct fields" : "expected ':'") }
                enumValues.append(name)
            } else {
                guard hasType else { throw error("expected ':'") }
                position += 1
                let type = try parseType()
                fields.append(VarlinkField(name: name, type: type, documentation: documentation))
            }
            skipTrivia()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipTrivia()
                if peek() == UInt8(ascii: ")") { throw error("trailing comma") }
            case UInt8(ascii: ")"):
                position += 1
                _ = takeDocumentation()
                return isEnum == true ? .enum(enumValues) : .struct(fields)
            default:
                throw error("expected ',' or ')'")
            }
        }
    }

    private mutating func parseType() throws(VarlinkIDLError) -> VarlinkType {
        skipTrivia()
        if peek() == UInt8(ascii: "?") {
            position += 1
            let offset = position
            let wrapped = try parseNonOptionalType()
            if wrapped.isOptional {
                position = offset
                throw error("'?' cannot be repeated")
            }
            return .optional(wrapped)
        }
        return try parseNonOptionalType()
    }

    private mutating func parseNonOptionalType() throws(VarlinkIDLError) -> VarlinkType {
        switch peek() {
        case UInt8(ascii: "["):
            if matches("[]") {
                position += 2
                return .array(try parseType())
            }
            if matches("[string]") {
                position += 8
                return .map(try parseType())
            }
            throw error("expected '[]' or '[string]'")
        case UInt8(ascii: "("):
            return try parseParenthesized(allowEnum: true)
        default:
            let offset = position
            let name = word()
            switch name {
            case "bool": return .bool
            case "int": return .int
            case "float": return .float
            case "string": return .string
            case "object": return .object
            default:
                guard VarlinkNames.isMemberName(name) else {
                    position = offset
                    throw error(name.isEmpty ? "expected a type" : "invalid type name '\(name)'")
                }
                return .named(name)
            }
        }
    }

    private func checkReferences(_ interface: VarlinkInterfaceDefinition) throws(VarlinkIDLError) {
        func check(_ type: VarlinkType, in member: String) throws(VarlinkIDLError) {
            switch type {
            case .named(let name):
                guard interface.type(named: name) != nil else {
                    throw VarlinkIDLError(line: 0, column: 0, message: "'\(member)' refers to undefined type '\(name)'")
                }
            case .struct(let fields):
                for field in fields { try check(field.type, in: member) }
            case .array(let element), .map(let element), .optional(let element):
                try check(element, in: member)
            case .bool, .int, .float, .string, .object, .enum:
                break
            }
        }
        for member in interface.members {
            switch member {
            case .type(let type): try check(type.type, in: type.name)
            case .method(let method):
                try check(.struct(method.input), in: method.name)
                try check(.struct(method.output), in: method.name)
            case .error(let error): try check(.struct(error.parameters), in: error.name)
            }
        }
    }

    // MARK: - Lexing

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private func matches(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard position + length <= bytes.count else { return false }
        for offset in 0..<length where bytes[position + offset] != text.utf8Start[offset] { return false }
        return true
    }

    private mutating func expect(_ text: StaticString) throws(VarlinkIDLError) {
        guard matches(text) else { throw error("expected '\(text)'") }
        position += text.utf8CodeUnitCount
    }

    private mutating func expectKeyword(_ keyword: String) throws(VarlinkIDLError) {
        let offset = position
        guard word() == keyword else {
            position = offset
            throw error("expected '\(keyword)'")
        }
    }

    /// Reads a run of name characters (`[A-Za-z0-9_.-]`) after skipping whitespace and comments.
    private mutating func word() -> String {
        skipTrivia()
        let start = position
        while let byte = peek(), Self.isWordByte(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Skips spaces, tabs, newlines and comments, collecting comment lines as pending documentation.
    private mutating func skipTrivia() {
        var newlinesSinceContent = 0
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                newlinesSinceContent += 1
                if newlinesSinceContent >= 2 { pendingDocumentation.removeAll() }
            case UInt8(ascii: "#"):
                let start = position + 1
                while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
                var line = String(decoding: bytes[start..<position], as: UTF8.self)
                if line.hasPrefix(" ") { line.removeFirst() }
                pendingDocumentation.append(line)
                newlinesSinceContent = 0
            default:
                return
            }
        }
    }

    private mutating func takeDocumentation() -> String {
        defer { pendingDocumentation.removeAll() }
        return pendingDocumentation.joined(separator: "\n")
    }

    private func error(_ message: String) -> VarlinkIDLError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return VarlinkIDLError(line: line, column: column, message: message)
    }
}
