import Postgres

/// A report statement assembled from pieces, some of them optional (a CTE shared by several
/// reports, grouping columns chosen by the caller). Values are only ever bound: `bind` returns
/// the `$n` placeholder to splice into the constant text. Exists because `PGQuery` and
/// `ComposedSQL` number their parameters per literal, so two of them cannot be joined.
struct ReportSQL {
    private(set) var sql = ""
    private(set) var bindings = PGBindings()

    init() {}

    /// Appends constant text (never a value: values go through `bind`).
    mutating func append(_ text: String) { sql += text }

    /// Binds a value (NULL when nil) and returns its placeholder, e.g. "$3".
    mutating func bind<Value: PGEncodable>(_ value: Value?) -> String {
        if let value { bindings.append(value) } else { bindings.appendNull(Value.pgType) }
        return "$\(bindings.count)"
    }

    var query: PGQuery { PGQuery(unsafeSQL: sql, bindings: bindings) }
}
