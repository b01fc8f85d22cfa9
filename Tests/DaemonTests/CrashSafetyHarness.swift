import ChildProcess
import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing
import Varlink

/// Kills trainingd with SIGKILL and starts it again on the same database, and tells clients
/// where the current daemon listens.
///
/// scripts/test runs the quick setting (2 kills per scenario, 1,000 import rows); scripts/soak
/// sets TRAININGD_CRASH_KILLS=20, TRAININGD_CRASH_IMPORT_ROWS=10000, TRAININGD_CRASH_PASSES=12.
final class CrashSafetyHarness: Sendable {
    static var kills: Int { setting("TRAININGD_CRASH_KILLS", default: 2) }
    static var importRows: Int { setting("TRAININGD_CRASH_IMPORT_ROWS", default: 1_000) }
    static var attendancePasses: Int { setting("TRAININGD_CRASH_PASSES", default: 2) }
    /// Seed of the kill moments (printed, so a failing run can be repeated).
    static var seed: UInt64 { UInt64(setting("TRAININGD_CRASH_SEED", default: Int(Date().timeIntervalSince1970) % 1_000_000)) }

    static func setting(_ key: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[key].flatMap { Int($0) } ?? value
    }

    let conninfo: PGConninfo
    private let current = Mutex<TestDaemon?>(nil)
    let coordinator = CrashCoordinator()
    /// Longest time from SIGKILL to a daemon listening again.
    private let restarts = Mutex<[Duration]>([])

    init(prefix: String) throws {
        conninfo = try TestPostgres.createDatabase(prefix: prefix)
    }

    var daemon: TestDaemon { get throws { try #require(current.withLock { $0 }) } }
    var restartTimes: [Duration] { restarts.withLock { $0 } }

    /// Starts the daemon (the first time or after a kill); clients are not told yet.
    @discardableResult
    func start() async throws -> TestDaemon {
        let daemon = try await TestDaemon.start(database: conninfo)
        current.withLock { $0 = daemon }
        return daemon
    }

    /// SIGKILL, reaped; clients see their connections fail and wait for `release()`.
    func kill() async throws {
        let daemon = try self.daemon
        let killed = ContinuousClock.now
        await coordinator.down()
        daemon.process.signal(SIGKILL)
        #expect(await daemon.process.exitStatus(timeout: .seconds(30)) == 128 + SIGKILL)
        try await start()
        restarts.withLock { $0.append(ContinuousClock.now - killed) }
    }

    /// Lets clients connect to the current daemon.
    func release() async throws {
        await coordinator.publish(try daemon.socketPath)
    }

    var owner: PGConnection { get throws { try TestPostgres.connect(conninfo) } }

    func count(_ sql: PGQuery) throws -> Int {
        try owner.query(sql)[0].decode("n", as: Int.self)
    }
}

/// Where clients connect: a generation number and the socket of the daemon of that generation.
/// Between a kill and the checks after the restart there is none, and clients wait.
actor CrashCoordinator {
    private(set) var generation = 0
    private var socket: String?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func down() { socket = nil }

    func publish(_ path: String) {
        generation += 1
        socket = path
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    /// The current daemon of a generation after `generation`, waiting for one if need be.
    func target(after generation: Int) async -> (generation: Int, socket: String) {
        while self.generation <= generation || socket == nil {
            await withCheckedContinuation { waiters.append($0) }
        }
        return (self.generation, socket ?? "")
    }
}

/// A connection that survives restarts: a call failing in transport is retried, unchanged, on
/// the next daemon (the retry the IDL promises is safe).
struct CrashRetryingClient {
    let coordinator: CrashCoordinator
    private var client: VarlinkClient?
    private var generation = 0
    /// Calls that failed in transport and were sent again.
    private(set) var retries = 0

    init(coordinator: CrashCoordinator) { self.coordinator = coordinator }

    mutating func call(_ method: String, _ parameters: JSONValue) async throws -> JSONValue {
        while true {
            if client == nil {
                let target = await coordinator.target(after: generation)
                generation = target.generation
                client = try? await VarlinkClient.connect(unixSocketPath: target.socket,
                                                          configuration: VarlinkClientConfiguration(callTimeout: .seconds(120)))
                if client == nil { continue }
            }
            do {
                return try await client?.call(method, parameters) ?? .null
            } catch let error as VarlinkError {
                throw error
            } catch {
                await client?.close()
                client = nil
                retries += 1
            }
        }
    }

    func close() async { await client?.close() }
}
