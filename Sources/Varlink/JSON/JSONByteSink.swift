import NIOCore

/// Where the serializer writes; lets one generic routine fill both `ByteBuffer` and `[UInt8]`.
protocol JSONByteSink {
    mutating func append(byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
    mutating func append(staticString: StaticString)
    mutating func append(string: String)
}

extension ByteBuffer: JSONByteSink {
    mutating func append(byte: UInt8) { writeInteger(byte) }
    mutating func append(bytes: UnsafeRawBufferPointer) { writeBytes(bytes) }
    mutating func append(staticString: StaticString) { writeStaticString(staticString) }
    mutating func append(string: String) { writeString(string) }
}

extension Array: JSONByteSink where Element == UInt8 {
    mutating func append(byte: UInt8) { append(byte) }
    mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
    mutating func append(staticString: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: staticString.utf8Start, count: staticString.utf8CodeUnitCount))
    }
    mutating func append(string: String) { append(contentsOf: string.utf8) }
}
