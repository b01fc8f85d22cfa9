import Foundation
import TrainingCore
import Varlink

/// Conversions from domain values to the wire forms the IDL fixes.
enum Wire {
    /// RFC 3339 UTC with seconds, e.g. "2019-04-16T08:30:00Z".
    static func timestamp(_ date: Date) -> JSONValue {
        .string(date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)))
    }

    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}

/// The user name of a uid on this host, when it resolves.
enum UserNames {
    static func name(of uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }
}

extension JSONValue {
    /// The value with every null-valued object field removed, recursively: an absent optional
    /// field is omitted on the wire (docs/protocol.md), whichever way a handler built it.
    var omittingNulls: JSONValue {
        // Most replies have no null field: checking is cheaper than rebuilding every object
        // (a reply of 30 attendance outcomes was rebuilt on every call).
        guard hasNullField else { return self }
        switch self {
        case .object(let object):
            return .object(JSONObject(object.compactMap { $0.value.isNull ? nil : ($0.key, $0.value.omittingNulls) }))
        case .array(let items):
            return .array(items.map(\.omittingNulls))
        default:
            return self
        }
    }

    private var hasNullField: Bool {
        switch self {
        case .object(let object): object.contains { $0.value.isNull || $0.value.hasNullField }
        case .array(let items): items.contains { $0.hasNullField }
        default: false
        }
    }
}
