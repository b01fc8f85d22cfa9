import Varlink

/// Typed access to a call's parameters. The IDL validator has already checked presence and
/// JSON types, so a mismatch here is a programming error reported as InvalidParameter.
struct Parameters {
    let call: VarlinkCall

    func string(_ name: String) throws -> String {
        guard let value = call[name]?.stringValue else { throw VarlinkError.invalidParameter(name) }
        return value
    }

    func optionalString(_ name: String) -> String? { call[name]?.stringValue }

    func int(_ name: String) throws -> Int64 {
        guard let value = call[name]?.intValue else { throw VarlinkError.invalidParameter(name) }
        return value
    }

    func optionalInt(_ name: String) -> Int64? { call[name]?.intValue }

    func optionalBool(_ name: String) -> Bool? { call[name]?.boolValue }

    /// A Unix uid: 0 to 2^32-2 (2^32-1 is the "no user" marker).
    func uid(_ name: String) throws -> UInt32 {
        let value = try int(name)
        guard value >= 0 && value < Int64(UInt32.max) else {
            throw ServiceError.invalidField(field: name, reason: "must be a uid between 0 and 4294967294")
        }
        return UInt32(value)
    }
}
