import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs programs with posix_spawn and reaps them with waitpid.
///
/// Foundation's Process relies on a SIGCHLD monitor that can miss a child's exit (seen here as
/// a zombie `runuser` and a hung daemon start-up), so trainingd and its tests spawn and reap
/// their children themselves.
public struct ChildProcess: Sendable {
    public let pid: pid_t

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Result: Sendable {
        /// The exit status, or 128 + signal number when a signal ended the process.
        public var status: Int32
        /// stdout and stderr, interleaved.
        public var output: String
    }

    /// Runs to completion and captures the output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe failed: errno \(errno)") }
        let child: ChildProcess
        do {
            child = try spawn(executable, arguments, environment: environment, stdoutFD: fds[1], closeInChild: [fds[0]])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count > 0 { output += buffer[0..<count] } else if count == 0 || errno != EINTR { break }
        }
        close(fds[0])
        return Result(status: child.wait(), output: String(decoding: output, as: UTF8.self))
    }

    /// Starts a program whose stdout and stderr go to `outputFile` (appended), or to /dev/null.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, outputFile: String? = nil) throws -> ChildProcess {
        let fd = open(outputFile ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot open \(outputFile ?? "/dev/null"): errno \(errno)") }
        defer { close(fd) }
        return try spawn(executable, arguments, environment: environment, stdoutFD: fd, closeInChild: [])
    }

    /// Sends a signal (e.g. SIGTERM).
    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the exit and returns its status.
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Self.decode(status)
    }

    /// Waits up to `timeout` without blocking a thread of Swift's cooperative pool; nil when
    /// the process is still running then.
    public func exitStatus(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if let status = wait(timeout: .zero) { return status }
            try? await Task.sleep(for: .milliseconds(20))
        } while ContinuousClock.now < deadline
        return wait(timeout: .zero)
    }

    /// `run` on a thread of its own, for async callers.
    public static func runDetached(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try run(executable, arguments, environment: environment) })
            }
        }
    }

    /// Waits up to `timeout` (blocking the calling thread); nil when the process is still
    /// running then. Async code uses `exitStatus(timeout:)`.
    public func wait(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        repeat {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return Self.decode(status) }
            if result < 0 && errno != EINTR { return nil }
            if timeout > .zero { usleep(20_000) }
        } while ContinuousClock.now < deadline
        return nil
    }

    private static func decode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]?,
                              stdoutFD: Int32, closeInChild: [Int32]) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        posix_spawn_file_actions_adddup2(&actions, stdoutFD, 2)
        for fd in closeInChild + [stdoutFD] where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        let environmentList = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings([executable] + arguments) { argv in
            withCStrings(environmentList) { envp in posix_spawn(&pid, executable, &actions, nil, argv, envp) }
        }
        guard result == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))") }
        return ChildProcess(pid: pid)
    }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }
}
