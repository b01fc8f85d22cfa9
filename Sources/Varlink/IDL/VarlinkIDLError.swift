/// Why an interface description was rejected, with its 1-based position (line 0 when the problem
/// is not tied to one place, e.g. an undefined type reference).
public struct VarlinkIDLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "IDL error at \(line):\(column): \(message)" : "IDL error: \(message)"
    }
}
