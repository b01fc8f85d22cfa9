import Foundation
import Synchronization
import TestSupport
import Varlink

/// Clients calling the daemon in a loop (a write, AddPerson with a unique name, then a read)
/// while a test breaks the database, recording every call's outcome and duration.
final class DatabaseFaultLoad: Sendable {
    struct Record: Sendable {
        var at: ContinuousClock.Instant
        var duration: Duration
        /// nil on success.
        var error: String?
        /// The name AddPerson was given, for writes.
        var name: String?
    }

    let daemon: TestDaemon
    private let stopping = Atomic<Bool>(false)
    private let records = Mutex<[Record]>([])

    init(daemon: TestDaemon) { self.daemon = daemon }

    var all: [Record] { records.withLock { $0 } }
    func stop() { stopping.store(true, ordering: .relaxed) }

    /// Runs `clients` loops until `stop()`.
    func run(clients: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask { await self.loop(client) }
            }
        }
    }

    private func loop(_ client: Int) async {
        var connection: VarlinkClient?
        var sequence = 0
        while !stopping.load(ordering: .relaxed) {
            sequence += 1
            let name = "Нагрузка \(client)-\(sequence)"
            let write: (String, JSONValue) = ("io.trainingd.People.AddPerson", [
                "tenant": "dpi", "full_name": .string(name), "sex": "female", "category": "other", "allow_duplicate": true,
            ])
            let read: (String, JSONValue) = ("io.trainingd.People.FindPeople", ["tenant": "dpi", "query": "Нагрузка", "limit": 5])
            for (method, parameters) in [write, read] {
                let start = ContinuousClock.now
                var outcome: String?
                do {
                    if connection == nil {
                        connection = try await VarlinkClient.connect(unixSocketPath: daemon.socketPath,
                                                                     configuration: VarlinkClientConfiguration(callTimeout: .seconds(30)))
                    }
                    _ = try await connection?.call(method, parameters)
                } catch let failure as VarlinkError {
                    outcome = failure.name
                } catch {
                    // Transport failures (including a call that timed out) count as errors too.
                    outcome = "transport: \(error)"
                    await connection?.close()
                    connection = nil
                }
                let record = Record(at: start, duration: ContinuousClock.now - start, error: outcome,
                                    name: method.hasSuffix("AddPerson") ? name : nil)
                records.withLock { $0.append(record) }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        await connection?.close()
    }
}
