import CLibPQ
import Foundation

/// A libpq connection string (key=value or URI) checked for syntax, never rebuilt by hand.
///
/// The string is passed to libpq unparsed, so everything libpq offers (PG* variables,
/// .pgpass, service files, sslmode, several hosts with target_session_attrs) keeps working.
public struct PGConninfo: Sendable, CustomStringConvertible {
    public let rawValue: String
    /// The parsed key/value pairs libpq found in the string (not the defaults or environment).
    public let explicitOptions: [String: String]

    public init(_ rawValue: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(rawValue, &errorMessage) else {
            var reason = "invalid connection string"
            if let errorMessage {
                reason = String(cString: errorMessage).trimmingTrailingNewlines
                PQfreemem(errorMessage)
            }
            throw PGError(code: .invalidConninfo, message: reason)
        }
        defer { PQconninfoFree(options) }
        var parsed: [String: String] = [:]
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val { parsed[String(cString: keyword)] = String(cString: value) }
            cursor += 1
        }
        self.rawValue = rawValue
        self.explicitOptions = parsed
    }

    /// The settings with any password removed: safe for logs and for Status replies.
    public var redacted: String {
        explicitOptions.keys.sorted().filter { $0 != "password" }
            .map { "\($0)=\(explicitOptions[$0] ?? "")" }.joined(separator: " ")
    }

    public var description: String { redacted }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}

extension PGConninfo {
    /// The same settings with one key replaced, serialised as properly quoted key=value pairs
    /// (libpq's rules: single quotes, backslash escapes), e.g. to reach another database on the
    /// same server.
    public func replacing(_ key: String, with value: String) throws -> PGConninfo {
        var options = explicitOptions
        options[key] = value
        func quote(_ s: String) -> String {
            "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return try PGConninfo(options.keys.sorted().map { "\($0)=\(quote(options[$0] ?? ""))" }.joined(separator: " "))
    }
}
