import Postgres

/// A piece of SQL text that is a compile-time constant of this module (a `StaticString`), so
/// it can never carry a value: shared column lists and joins reused by several statements.
struct SQLFragment: Sendable {
    let text: StaticString

    init(_ text: StaticString) { self.text = text }
}

/// A statement built by interpolation like `PGQuery`, where interpolated values still become
/// `$n` parameters, and shared `SQLFragment`s (constant text only) may be spliced in. Exists
/// because `PGQuery` deliberately accepts no raw text at all.
///
///     let q: ComposedSQL = "SELECT \(EventRows.eventColumns) FROM event e ... WHERE e.id = \(id)"
struct ComposedSQL: ExpressibleByStringInterpolation {
    private(set) var sql: String
    private(set) var bindings: PGBindings

    init(stringLiteral value: String) {
        sql = value
        bindings = PGBindings()
    }

    init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        bindings = stringInterpolation.bindings
    }

    var query: PGQuery { PGQuery(unsafeSQL: sql, bindings: bindings) }

    struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings = PGBindings()

        init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        mutating func appendLiteral(_ literal: String) { sql += literal }

        mutating func appendInterpolation(_ fragment: SQLFragment) { sql += fragment.text.description }

        mutating func appendInterpolation<Value: PGEncodable>(_ value: Value) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        mutating func appendInterpolation<Value: PGEncodable>(_ value: Value?) {
            if let value { bindings.append(value) } else { bindings.appendNull(Value.pgType) }
            sql += "$\(bindings.count)"
        }
    }
}

extension PGConnection {
    /// Runs a `ComposedSQL` statement (a separate name, so string literals stay `PGQuery`s).
    func run(_ statement: ComposedSQL) throws -> PGResult { try query(statement.query) }
}
