import Varlink

/// One call to trainingd: opens the socket, sends the call, returns the reply's parameters and
/// closes, turning every failure into a ``CtlError``.
///
/// Why a wrapper around ``VarlinkClient``: commands should only name a method and parameters;
/// connecting, closing, and deciding how a failure is worded and which exit status it gets
/// happen here once.
struct DaemonConnection: Sendable {
    /// The socket path as the user gave it (used in messages).
    let socketPath: String

    /// Calls `method` (fully qualified) and returns the reply's parameters.
    func call(_ method: String, _ parameters: JSONObject = JSONObject()) async throws(CtlError) -> JSONObject {
        let client = try await connect()
        do {
            let reply = try await client.call(method, .object(parameters))
            await client.close()
            return reply.objectValue ?? JSONObject()
        } catch {
            await client.close()
            throw CtlError(callFailure: error, socketPath: socketPath)
        }
    }

    /// Calls `method` with `more: true` and hands each reply's parameters to `onReply` as it
    /// arrives, until the final reply (or an error reply, which is thrown).
    func stream(_ method: String, _ parameters: JSONObject, onReply: (JSONObject) -> Void) async throws(CtlError) {
        let client = try await connect()
        do {
            for try await reply in try await client.callMore(method, .object(parameters)) {
                onReply(reply.objectValue ?? JSONObject())
            }
            await client.close()
        } catch {
            await client.close()
            throw CtlError(callFailure: error, socketPath: socketPath)
        }
    }

    func connect() async throws(CtlError) -> VarlinkClient {
        do {
            return try await VarlinkClient.connect(unixSocketPath: socketPath)
        } catch {
            let reason = SocketProbe.diagnose(Self.filesystemPath(socketPath)) ?? "\(error)"
            throw CtlError("cannot connect to \(socketPath): \(reason)", exitStatus: .unavailable)
        }
    }

    /// The file path in a Varlink address (`unix:PATH;mode=...`), as the client reads it.
    static func filesystemPath(_ address: String) -> String {
        var path = Substring(address)
        if path.hasPrefix("unix:") { path = path.dropFirst(5) }
        if let semicolon = path.firstIndex(of: ";") { path = path[..<semicolon] }
        return String(path)
    }
}
