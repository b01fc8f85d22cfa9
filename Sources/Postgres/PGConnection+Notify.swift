import CLibPQ

#if canImport(Glibc)
import Glibc
#endif

extension PGConnection {
    /// Starts listening on a channel. Channel names are identifiers, not values, so they are
    /// quoted by libpq rather than bound.
    public func listen(_ channel: String) throws {
        try executeScript("LISTEN " + quoteIdentifier(channel))
    }

    public func unlisten(_ channel: String) throws {
        try executeScript("UNLISTEN " + quoteIdentifier(channel))
    }

    /// Sends a notification; the payload is a bound parameter.
    public func notify(_ channel: String, payload: String) throws {
        try execute("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Returns the notifications that have arrived, waiting up to `timeoutMilliseconds` for the
    /// first one. An empty array means the wait timed out; a broken connection throws.
    public func waitForNotifications(timeoutMilliseconds: Int32) throws -> [PGNotification] {
        var received = try drainNotifications()
        guard received.isEmpty else { return received }
        var pfd = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, timeoutMilliseconds)
        if ready < 0 && errno != EINTR { throw PGError(code: .connectionLost, message: "poll failed: errno \(errno)") }
        if ready > 0 { received = try drainNotifications() }
        return received
    }

    private func drainNotifications() throws -> [PGNotification] {
        guard PQconsumeInput(handle) == 1 else { throw PGError(code: .connectionLost, message: lastErrorMessage) }
        var received: [PGNotification] = []
        while let raw = PQnotifies(handle) {
            let note = raw.pointee
            received.append(PGNotification(channel: String(cString: note.relname), payload: String(cString: note.extra), senderPID: note.be_pid))
            PQfreemem(raw)
        }
        return received
    }
}
