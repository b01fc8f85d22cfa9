/// Where a ``VarlinkServer`` listens.
public enum VarlinkListenAddress: Sendable, Equatable {
    /// Bind a Unix socket at `path`. An existing socket file is removed if nothing listens on it
    /// (stale, from a crashed run) and refused otherwise; a non-socket file is refused. After binding
    /// the file gets `mode` and, when given, group `groupID`. The file is removed when the server stops.
    case unixPath(String, mode: UInt32 = 0o660, groupID: UInt32? = nil)
    /// Adopt an already-listening socket, e.g. from systemd socket activation (see
    /// ``SystemdSocketActivation``). Its path is never unlinked.
    case inheritedSocket(CInt)
}
