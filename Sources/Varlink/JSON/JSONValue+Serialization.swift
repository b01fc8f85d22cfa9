import NIOCore

extension JSONValue {
    /// The compact JSON encoding as UTF-8 bytes.
    public var jsonBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        JSONSerializer.write(self, to: &bytes)
        return bytes
    }

    /// The compact JSON encoding as a string.
    public var jsonString: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// Appends the compact JSON encoding to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeBytes(jsonBytes)
    }
}

extension ByteBuffer {
    /// Appends the compact JSON encoding of `value`; returns the number of bytes written.
    @discardableResult
    public mutating func writeJSONValue(_ value: JSONValue) -> Int {
        writeBytes(value.jsonBytes)
    }
}
