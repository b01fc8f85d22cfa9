import Varlink

/// What makes a report reproducible: the effective parameters the daemon echoed, when it was
/// computed and the change-log cursor it saw. Every output format prints it.
public struct ReportProvenance: Sendable, Equatable {
    /// The reply's `parameters`, in wire order, each value written out (lists comma-separated;
    /// absent parameters left out).
    public var parameters: [(name: String, value: String)]
    public var computedAt: String
    public var dataCursor: String

    public init(parameters: [(name: String, value: String)], computedAt: String, dataCursor: String) {
        self.parameters = parameters
        self.computedAt = computedAt
        self.dataCursor = dataCursor
    }

    init(_ reply: ReplyField) throws(ReportDecodingError) {
        guard let object = reply["parameters"].value?.objectValue else { throw ReportDecodingError(path: "parameters") }
        parameters = object.compactMap { entry in Self.text(entry.value).map { (entry.key, $0) } }
        computedAt = try reply["computed_at"].string()
        dataCursor = try reply["data_cursor"].string()
    }

    public static func == (lhs: ReportProvenance, rhs: ReportProvenance) -> Bool {
        lhs.computedAt == rhs.computedAt && lhs.dataCursor == rhs.dataCursor
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name) && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let elements): return elements.compactMap(text).joined(separator: ", ")
        case .object: return value.jsonString
        }
    }
}
