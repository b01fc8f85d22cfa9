/// Lets an optional value go through an async step only when present (commands resolve
/// municipality names this way).
extension Optional {
    /// `map` with an async, typed-throwing transform.
    func asyncMap<T, E: Error>(_ transform: (Wrapped) async throws(E) -> T) async throws(E) -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
