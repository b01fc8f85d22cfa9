import NIOCore

/// A Varlink reply: `{"parameters": {...}, "continues": true, "error": "iface.Name"}`.
///
/// The server always sends `parameters` (possibly `{}`), sends `continues` only when `true`, and
/// never sends `continues` with `error` (reference §1.5: strict peers drop the connection
/// otherwise). Decoding (client side) accepts absent/null `parameters` and `continues: false`, and
/// rejects any other key.
public struct VarlinkReplyMessage: Sendable, Equatable {
    public var parameters: JSONObject
    public var continues: Bool
    /// Fully qualified error name, if the call failed.
    public var error: String?

    public init(parameters: JSONObject = JSONObject(), continues: Bool = false, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues && error == nil
        self.error = error
    }

    /// Decodes a reply received by a client.
    public init(json: JSONValue) throws(VarlinkProtocolViolation) {
        guard case .object(let object) = json else { throw VarlinkProtocolViolation("reply is not a JSON object") }
        var parameters = JSONObject()
        var continues = false
        var error: String?
        for (key, value) in object {
            switch (key, value) {
            case ("parameters", .object(let params)): parameters = params
            case ("parameters", .null): break
            case ("continues", .bool(let flag)): continues = flag
            case ("error", .string(let name)): error = name
            default: throw VarlinkProtocolViolation("unexpected key '\(key)' (\(value.typeName)) in reply")
            }
        }
        if error != nil && continues { throw VarlinkProtocolViolation("error reply with 'continues'") }
        self.init(parameters: parameters, continues: continues, error: error)
    }

    /// Writes the reply followed by its NUL terminator.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeBytes(wireBytes)
    }

    /// The reply followed by its NUL terminator.
    public var wireBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        if let error {
            bytes.append(staticString: "{\"error\":")
            JSONSerializer.writeString(error, to: &bytes)
            bytes.append(staticString: ",\"parameters\":")
        } else {
            bytes.append(staticString: "{\"parameters\":")
        }
        JSONSerializer.write(.object(parameters), to: &bytes)
        if continues { bytes.append(staticString: ",\"continues\":true") }
        bytes.append(staticString: "}\0")
        return bytes
    }
}
