/// A NOTIFY received on a connection that LISTENs.
public struct PGNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The backend that sent it.
    public var senderPID: Int32

    public init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}
