#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Varlink

/// Binding, socket files, socket activation and shutdown.
@Suite("Server lifecycle")
struct VarlinkServerLifecycleTests {
    private func fileMode(_ path: String) -> UInt32? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode)
    }

    @Test func socketFileHasMode0660AndIsRemovedOnShutdown() async throws {
        let live = try await LiveServer.start()
        #expect(fileMode(live.path).map { $0 & 0o7777 } == 0o660)
        #expect(fileMode(live.path).map { $0 & UInt32(S_IFMT) } == UInt32(S_IFSOCK))
        #expect(live.server.socketPath == live.path)
        await live.stop()
        #expect(fileMode(live.path) == nil)
    }

    @Test func refusesAPathWhereAServerListens() async throws {
        try await withLiveServer { live in
            let second = VarlinkServer(service: try TestInterface().service(), logger: LiveServer.quietLogger)
            await #expect(throws: VarlinkServerError.addressInUse(live.path)) {
                try await second.listen(on: .unixPath(live.path))
            }
            // The running server still works.
            let client = try await live.client()
            #expect(try await client.call("org.example.test.Ping", ["ping": "x"]) == ["pong": "x"])
            await client.close()
        }
    }

    @Test func replacesAStaleSocketAndRefusesNonSockets() async throws {
        let directory = try LiveServer.makeDirectory()
        let path = directory + "/stale.sock"
        // A socket file nobody listens on: bind, then close without unlinking.
        let fd = try boundSocket(path, listening: false)
        close(fd)
        #expect(fileMode(path) != nil)
        let server = VarlinkServer(service: try TestInterface().service(), logger: LiveServer.quietLogger)
        try await server.listen(on: .unixPath(path, mode: 0o600))
        #expect(fileMode(path).map { $0 & 0o7777 } == 0o600)
        let client = try await VarlinkClient.connect(unixSocketPath: "unix:" + path)
        #expect(try await client.call("org.example.test.Ping", ["ping": "x"]) == ["pong": "x"])
        await client.close()
        await server.shutdown()

        let regular = directory + "/regular"
        let file = open(regular, O_CREAT | O_WRONLY, 0o600)
        close(file)
        let other = VarlinkServer(service: try TestInterface().service(), logger: LiveServer.quietLogger)
        await #expect(throws: VarlinkServerError.socketPath(regular, "exists and is not a socket")) {
            try await other.listen(on: .unixPath(regular))
        }
        unlink(regular)
        rmdir(directory)
    }

    @Test func adoptsAnInheritedListeningSocketAndLeavesItsPath() async throws {
        let directory = try LiveServer.makeDirectory()
        let path = directory + "/activated.sock"
        let fd = try boundSocket(path, listening: true)
        let server = VarlinkServer(service: try TestInterface().service(), logger: LiveServer.quietLogger)
        try await server.listen(on: .inheritedSocket(fd))
        let client = try await VarlinkClient.connect(unixSocketPath: path)
        #expect(try await client.call("org.example.test.WhoAmI")["uid"] == .int(Int64(getuid())))
        await client.close()
        await server.shutdown()
        #expect(fileMode(path) != nil, "an inherited socket's path belongs to systemd")
        unlink(path)
        rmdir(directory)
    }

    @Test func rejectsAnInheritedSocketThatIsNotListening() async throws {
        let directory = try LiveServer.makeDirectory()
        let path = directory + "/notlistening.sock"
        let fd = try boundSocket(path, listening: false)
        defer {
            close(fd)
            unlink(path)
            rmdir(directory)
        }
        let server = VarlinkServer(service: try TestInterface().service(), logger: LiveServer.quietLogger)
        await #expect(throws: VarlinkServerError.invalidInheritedSocket(fd, "not listening")) {
            try await server.listen(on: .inheritedSocket(fd))
        }
    }

    @Test func socketActivationSelection() {
        let pid: Int32 = 4242
        #expect(SystemdSocketActivation.selectDescriptor(environment: [:], pid: pid) == nil)
        #expect(SystemdSocketActivation.selectDescriptor(environment: ["LISTEN_PID": "1", "LISTEN_FDS": "1"], pid: pid) == nil)
        #expect(SystemdSocketActivation.selectDescriptor(environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "0"], pid: pid) == nil)
        #expect(SystemdSocketActivation.selectDescriptor(environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "1"], pid: pid) == 3)
        let named = ["LISTEN_PID": "4242", "LISTEN_FDS": "3", "LISTEN_FDNAMES": "metrics:other:varlink"]
        #expect(SystemdSocketActivation.selectDescriptor(environment: named, pid: pid) == 5)
        #expect(SystemdSocketActivation.selectDescriptor(environment: named, pid: pid, name: "other") == 4)
        let unnamed = ["LISTEN_PID": "4242", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "a:b"]
        #expect(SystemdSocketActivation.selectDescriptor(environment: unnamed, pid: pid) == 3)
    }

    @Test func gracefulShutdownWaitsForACallInFlight() async throws {
        let live = try await LiveServer.start()
        let client = try await live.client()
        let callStarted = ContinuousClock.now
        let slowCall = Task { try await client.call("org.example.test.Slow", ["ms": 2_500]) }
        // An idle connection and a streaming one.
        let idle = try await live.client()
        _ = try await idle.call("org.example.test.Bumps")
        let watcher = try await live.client()
        var ticks = try await watcher.callMore("org.example.test.Watch").makeAsyncIterator()
        #expect(try await ticks.next() == ["tick": 0])
        #expect(await eventually { live.server.connectionCount == 3 })
        try await Task.sleep(for: .milliseconds(100))

        await live.server.shutdown()
        // The handler sleeps 2.5 s; a shutdown that waited for it cannot return sooner than
        // that after the call started, however loaded the machine is.
        #expect(ContinuousClock.now - callStarted >= .milliseconds(2_500), "shutdown returned before the slow call finished")
        #expect(try await slowCall.value == [:])
        #expect(live.server.connectionCount == 0)
        #expect(await idle.closesWithoutReply(within: 20))
        // The stream was ended with its final reply.
        var rest: [JSONValue] = []
        while let tick = try await ticks.next() { rest.append(tick) }
        #expect(rest.last == ["tick": -1])
        #expect(live.interface.isWatchCancelled)
        // No longer accepting.
        await #expect(throws: (any Error).self) { try await VarlinkClient.connect(unixSocketPath: live.path) }
        await live.stop()
    }

    @Test func runReturnsWhenItsTaskIsCancelled() async throws {
        let live = try await LiveServer.start()
        let server = live.server
        let running = Task { try await server.run() }
        let client = try await live.client()
        #expect(try await client.call("org.example.test.Ping", ["ping": "x"]) == ["pong": "x"])
        running.cancel()
        try await running.value
        #expect(await client.closesWithoutReply(within: 20))
        await #expect(throws: VarlinkServerError.notStarted) {
            try await VarlinkServer(service: try TestInterface().service(), logger: LiveServer.quietLogger).run()
        }
        await live.stop()
    }
}

/// A Unix stream socket bound at `path`, optionally listening.
private func boundSocket(_ path: String, listening: Bool) throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0, var address = UnixSocketFile.socketAddress(path) else { throw TestFailure("socket") }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0 else { throw TestFailure("bind: \(errno)") }
    if listening { guard listen(fd, 16) == 0 else { throw TestFailure("listen") } }
    return fd
}
