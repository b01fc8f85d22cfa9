import Varlink

/// Renders a JSON value for people and for `jq`: indented by two spaces, object keys sorted,
/// non-ASCII text written as UTF-8 (never `\u` escapes).
///
/// Why not the Varlink module's serializer alone: it writes compact JSON in wire order (what the
/// protocol wants). Scalars and strings are still written by it (`jsonString`), so escaping and
/// number formatting are the same as on the wire; only the layout is done here.
enum PrettyJSON {
    /// The document, ending in a newline.
    static func render(_ value: JSONValue) -> String {
        var text = ""
        write(value, indent: 0, to: &text)
        return text + "\n"
    }

    private static func write(_ value: JSONValue, indent: Int, to text: inout String) {
        let inner = String(repeating: "  ", count: indent + 1)
        switch value {
        case .array(let elements) where !elements.isEmpty:
            text += "[\n"
            for (index, element) in elements.enumerated() {
                text += inner
                write(element, indent: indent + 1, to: &text)
                text += index < elements.count - 1 ? ",\n" : "\n"
            }
            text += String(repeating: "  ", count: indent) + "]"
        case .object(let object) where !object.isEmpty:
            // Sorted by UTF-8 bytes (= code points), as `jq -S` does.
            let members = object.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            text += "{\n"
            for (index, member) in members.enumerated() {
                text += inner + JSONValue.string(member.key).jsonString + ": "
                write(member.value, indent: indent + 1, to: &text)
                text += index < members.count - 1 ? ",\n" : "\n"
            }
            text += String(repeating: "  ", count: indent) + "}"
        default:
            text += value.jsonString
        }
    }
}
