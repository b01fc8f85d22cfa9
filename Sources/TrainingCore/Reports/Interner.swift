/// Numbers values densely in order of first appearance (0, 1, 2…), so counting code can keep
/// small integers instead of strings and map numbers back at the end. For any Hashable value;
/// the per-row numbering of a report's bytes is `BytesInterner`'s. Inlinable so that it is
/// specialised for its value type where it is used.
public struct Interner<Value: Hashable & Sendable>: Sendable {
    @usableFromInline var numbers: [Value: Int32] = [:]
    @usableFromInline var numbered: [Value] = []

    /// The values, indexed by their number.
    public var values: [Value] { numbered }

    @inlinable public init() {}

    /// The value's number, a new one if it was not seen before.
    @inlinable public mutating func number(_ value: Value) -> Int32 {
        if let known = numbers[value] { return known }
        let number = Int32(numbered.count)
        numbers[value] = number
        numbered.append(value)
        return number
    }
}
