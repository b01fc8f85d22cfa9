/// A message that breaks the Varlink protocol (not an application-level error): the peer gets one
/// error reply and the connection is closed.
public struct VarlinkProtocolViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
