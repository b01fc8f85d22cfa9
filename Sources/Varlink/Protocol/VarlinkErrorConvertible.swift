/// An error that maps to a Varlink error reply.
///
/// Method handlers throw values conforming to this to answer with a well-defined error of their
/// interface (`io.example.Things.NotFound {"id": 7}`). Any other thrown error is not shown to the
/// client: the server logs it and answers with the service's configured internal error name.
public protocol VarlinkErrorConvertible: Error {
    /// Fully qualified error name, `interface.ErrorName`.
    var varlinkErrorName: String { get }
    /// The error's parameters: an object (`{}` when it has none).
    var varlinkErrorParameters: JSONValue { get }
}
