/// A JSON object that keeps its keys in insertion (wire) order.
///
/// Stored as an array of key/value pairs: Varlink objects are small (a handful of fields), where a
/// linear scan beats hashing and keeps the order for free. Keys are unique: the parser rejects
/// duplicates, and the subscript setter replaces in place.
///
/// Equality ignores key order (`{"a":1,"b":2}` equals `{"b":2,"a":1}`), as JSON semantics do.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    /// The members in order.
    public private(set) var entries: [Element]

    public init() { entries = [] }

    /// Builds from pairs in order; a repeated key keeps its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        entries = []
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Internal fast path for the parser, which has already checked keys for uniqueness.
    init(uniqueEntries: [Element]) { entries = uniqueEntries }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    /// Reads a member; assigning `nil` removes it, assigning a value replaces or appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for entry in entries where entry.key == key { return entry.value }
            return nil
        }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (key, value) in lhs.entries {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }
}
