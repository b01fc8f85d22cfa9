import Synchronization

/// What the attendance clients know: for each (person, day) the status of the last acknowledged
/// call, and each client's call in flight (sent, not yet acknowledged). After a SIGKILL the
/// database must show, for every mark, the acknowledged status or the one in flight, and each
/// call in flight entirely or not at all.
final class CrashSafetyAttendanceLedger: Sendable {
    struct Mark: Hashable, Sendable, CustomStringConvertible {
        var person: Int
        var day: Int
        var description: String { "person \(person) day \(day)" }
    }

    struct State: Sendable {
        var acknowledged: [Mark: String] = [:]
        var inFlight: [Int: [Mark: String]] = [:]
        var calls = 0
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }

    func begin(client: Int, _ marks: [Mark: String]) {
        state.withLock { $0.inFlight[client] = marks }
    }

    /// The reply arrived: the call's marks are acknowledged, atomically with leaving flight.
    func acknowledge(client: Int) {
        state.withLock { state in
            for (mark, status) in state.inFlight[client] ?? [:] { state.acknowledged[mark] = status }
            state.inFlight[client] = nil
            state.calls += 1
        }
    }

    /// Problems with `stored` (the attendance rows by mark), given what the clients know.
    static func problems(stored: [Mark: String], known: State) -> [String] {
        var problems: [String] = []
        var inFlightStatus: [Mark: String] = [:]
        for marks in known.inFlight.values { inFlightStatus.merge(marks) { $1 } }
        for mark in Set(stored.keys).union(known.acknowledged.keys) {
            let allowed = [known.acknowledged[mark], inFlightStatus[mark]]
            if !allowed.contains(stored[mark]) && !(stored[mark] == nil && allowed.allSatisfy { $0 == nil }) {
                problems.append("\(mark): stored \(stored[mark] ?? "nothing"), acknowledged \(known.acknowledged[mark] ?? "nothing")")
            }
        }
        for (client, marks) in known.inFlight {
            let applied = marks.filter { stored[$0.key] == $0.value }.count
            if applied != 0 && applied != marks.count {
                problems.append("client \(client): call in flight half-applied (\(applied) of \(marks.count) entries)")
            }
        }
        return problems
    }
}
