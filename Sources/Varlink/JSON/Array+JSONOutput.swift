/// The appends the serializer uses, named so the serializing code reads as "append this".
extension Array where Element == UInt8 {
    mutating func append(byte: UInt8) { append(byte) }
    mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
    mutating func append(staticString: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: staticString.utf8Start, count: staticString.utf8CodeUnitCount))
    }
    mutating func append(string: String) { append(contentsOf: string.utf8) }
}
