/// A SQL statement with its bound parameters.
///
/// Built by string interpolation: every interpolated value becomes a `$n` placeholder and a
/// bound parameter, so a value can never become SQL text. There is deliberately no way to
/// interpolate raw text.
///
///     let q: PGQuery = "SELECT name FROM person WHERE id = \(id) AND sex = \(sex)"
public struct PGQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var sql: String
    public var bindings: PGBindings

    public init(unsafeSQL sql: String, bindings: PGBindings = PGBindings()) {
        self.sql = sql
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = PGBindings()
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    public var description: String { sql }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings = PGBindings()

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value?) {
            if let value { bindings.append(value) } else { bindings.appendNull(Value.pgType) }
            sql += "$\(bindings.count)"
        }
    }
}

/// The parameters of a statement, already in their wire (text) form.
public struct PGBindings: Sendable {
    public private(set) var types: [PGType] = []
    public private(set) var values: [[UInt8]?] = []

    public init() {}

    public var count: Int { values.count }

    public mutating func append(_ value: some PGEncodable) {
        var bytes: [UInt8] = []
        value.encode(into: &bytes)
        types.append(type(of: value).pgType)
        values.append(bytes)
    }

    public mutating func appendNull(_ type: PGType) {
        types.append(type)
        values.append(nil)
    }
}
