import Foundation
import Logging
import Postgres
import TrainingCore

/// Attendance marks and event statistics: the SQL behind io.trainingd.Attendance.
public struct AttendanceStore: Sendable {
    public let database: TrainingDatabase
    /// Shared by every call this store records: keep one store per daemon.
    let groupCommit: AttendanceGroupCommit

    public init(database: TrainingDatabase) {
        self.database = database
        self.groupCommit = AttendanceGroupCommit { first, finish in await Self.drive(first, finish, in: database) }
    }

    /// Records `entries` for the event `reference` (code or uuid) in one transaction, all or
    /// nothing.
    ///
    /// Cost: entries naming existing people take one statement that reads, checks, writes the
    /// marks, walk-in registrations, change-log rows and the audit row together, so a day's
    /// sheet and a single mark both cost one round trip, BEGIN and COMMIT included. Calls
    /// without walk-ins (`RecordAttendanceBatchStatement`) that come while others for the same
    /// event are being recorded share the next transaction (`AttendanceGroupCommit`); with
    /// walk-ins, `RecordAttendanceStatement`. Walk-ins given inline are first matched or created
    /// one by one (`WalkInPeople`) in an ordinary transaction, which is rare enough not to matter.
    ///
    /// Throws `AttendanceStoreError` for what the caller must correct, `ValidationError` when
    /// two entries name the same person and day.
    public func record(tenant: UUID, event reference: String, entries: [AttendanceMarkInput], uid: UInt32,
                       method: String) async throws -> AttendanceRecording {
        if let people = Self.existingPeople(entries) {
            // The common case, nobody to create: the statement is the whole transaction, sent
            // with BEGIN and COMMIT in one round trip.
            if let repeated = AttendanceRules.firstRepeat(zip(people, entries).map { ($0, $1.day) }) {
                throw ValidationError(field: "entries[\(repeated.repeated)]",
                                      reason: "marks the same person and day as entries[\(repeated.first)]; give each person and day once")
            }
            if !entries.contains(where: \.walkIn) {
                return try await groupCommit.record(
                    AttendanceMarksCall(tenant: tenant, reference: reference, people: people, entries: entries, uid: uid, method: method))
            }
            let statement = RecordAttendanceStatement(
                tenant: tenant, reference: reference, people: people, entries: entries, uid: uid, method: method, createdPeople: [])
            return try await database.inTenantInOneRoundTrip(tenant, before: [statement.eventLock], statement.query) { result in
                try statement.outcomes(of: result, createdEntries: [])
            }
        }
        return try await database.inTenant(tenant) { c in
            var people: [UUID] = []
            var created = Set<Int>()
            if entries.contains(where: { if case .newPerson = $0.subject { true } else { false } }) {
                try Self.checkBeforeCreatingPeople(c, reference: reference, entries: entries)
            }
            for (index, entry) in entries.enumerated() {
                switch entry.subject {
                case .person(let id):
                    people.append(id)
                case .newPerson(let person, let allowDuplicate):
                    let resolved = try WalkInPeople.resolve(c, tenant: tenant, person, allowDuplicate: allowDuplicate, entry: index)
                    people.append(resolved.id)
                    if resolved.created { created.insert(index) }
                }
            }
            if let repeated = AttendanceRules.firstRepeat(zip(people, entries).map { ($0, $1.day) }) {
                throw ValidationError(field: "entries[\(repeated.repeated)]",
                                      reason: "marks the same person and day as entries[\(repeated.first)]; give each person and day once")
            }
            let statement = RecordAttendanceStatement(
                tenant: tenant, reference: reference, people: people, entries: entries, uid: uid, method: method,
                createdPeople: created.sorted().map { people[$0] })
            return try statement.run(c, createdEntries: created)
        }
    }

    /// A lease records at most this many batches before the connection goes back to the pool,
    /// and fewer when someone waits for the pool: a lane kept busy holds a connection from
    /// other work only for the transaction it is in.
    static let batchesPerLease = 64

    /// Records a lane's batches one after another on one pooled connection, on its thread:
    /// the next batch goes out as soon as the last one has committed and its answers are on
    /// their way, with no lease, release or thread hop in between (`AttendanceGroupCommit`).
    /// Nothing after the first `finish` in the pool's closure may throw: the `catch` below
    /// fails `batch`, which by then would have been finished.
    static func drive(_ first: AttendanceGroupCommit.Batch, _ finish: @escaping AttendanceGroupCommit.Finish,
                      in database: TrainingDatabase) async {
        var pending: AttendanceGroupCommit.Batch? = first
        while let batch = pending {
            do {
                pending = try await database.pool.withConnection { connection in
                    var current = batch
                    for _ in 0..<max(1, batchesPerLease) {
                        guard let next = finish(current, recordTogether(current.calls, on: connection, logger: database.logger)) else { return nil }
                        current = next
                        // Others waiting for the pool go first; a connection that broke goes
                        // back to the pool, which replaces it.
                        guard !database.pool.hasWaiters, connection.isAliveAndIdle() else { break }
                    }
                    return current
                }
            } catch {
                // No connection (the pool is shut down, or the server unreachable): the batch
                // was not sent.
                pending = finish(batch, batch.calls.map { _ in .failure(error) })
            }
        }
    }

    /// `recordTogether(_:on:logger:)` on a connection of its own (the store's tests call it).
    static func recordTogether(_ calls: [AttendanceMarksCall], in database: TrainingDatabase) async -> [Result<AttendanceRecording, any Error>] {
        do {
            return try await database.pool.withConnection { recordTogether(calls, on: $0, logger: database.logger) }
        } catch {
            return calls.map { _ in .failure(error) }
        }
    }

    /// Calls of one lane in one transaction (`RecordAttendanceBatchStatement`), one answer each;
    /// the statement holds every check, so BEGIN, the tenant, the event lock, the statement and
    /// COMMIT go in one round trip, for one call as for many.
    ///
    /// No call's own problem fails the transaction: it only vetoes that call's writes. If the
    /// server still refuses a shared one (an error from a trigger, a timeout), it was rolled
    /// back, and each call is recorded alone on the same connection, so the error reaches only
    /// the call that causes it (while the connection stays usable; the calls left once it is
    /// not get the error). Any other failure (the connection lost, perhaps after COMMIT went
    /// out) leaves the outcome unknown: every call gets the error, as a call recorded alone
    /// would, and its caller may retry. Calls that share a person and day
    /// (`AttendanceGroupCommit` never gathers such) are recorded one after the other.
    static func recordTogether(_ calls: [AttendanceMarksCall], on connection: PGConnection, logger: Logger) -> [Result<AttendanceRecording, any Error>] {
        guard calls.count == 1 || AttendanceBatching.disjoint(calls.map(\.personDays)) else {
            return oneByOne(calls, on: connection, logger: logger, otherwise: PGError(code: .connectionLost, message: "connection lost"))
        }
        let statement = RecordAttendanceBatchStatement(calls)
        do {
            let result = try TrainingDatabase.inTenantInOneRoundTrip(
                connection, statement.tenant, before: [statement.eventLock], statement.query)
            return statement.recordings(of: result)
        } catch let error as PGError where error.code == .server && calls.count > 1 {
            logger.debug("attendance batch rolled back; recording its calls one by one",
                         metadata: ["calls": "\(calls.count)", "error": "\(error)"])
            return oneByOne(calls, on: connection, logger: logger, otherwise: error)
        } catch {
            return calls.map { _ in .failure(error) }
        }
    }

    /// Each call in a transaction of its own while `connection` stays usable; the calls left
    /// once it is not get `error`.
    private static func oneByOne(_ calls: [AttendanceMarksCall], on connection: PGConnection, logger: Logger,
                                 otherwise error: any Error) -> [Result<AttendanceRecording, any Error>] {
        calls.map { call in
            connection.isAliveAndIdle() ? recordTogether([call], on: connection, logger: logger)[0] : .failure(error)
        }
    }

    /// The people of `entries` when every entry names an existing person (by id), else nil.
    private static func existingPeople(_ entries: [AttendanceMarkInput]) -> [UUID]? {
        var people: [UUID] = []
        people.reserveCapacity(entries.count)
        for entry in entries {
            guard case .person(let id) = entry.subject else { return nil }
            people.append(id)
        }
        return people
    }

    /// With inline walk-ins, the event and the days are checked before anyone is matched or
    /// created, so those errors come first as for any other call. The read is the statement's
    /// event lock, taken first: registrations take the event lock before creating people, so
    /// this order (event, then people) cannot deadlock with them.
    private static func checkBeforeCreatingPeople(_ c: PGConnection, reference: String, entries: [AttendanceMarkInput]) throws {
        guard let event = try EventLookup.find(c, reference, lock: .share) else { throw AttendanceStoreError.eventNotFound(reference) }
        guard let status = EventStatus(rawValue: event.status) else {
            throw PGError(code: .protocolViolation, message: "unknown event status")
        }
        let facts = entries.enumerated().map { index, entry in
            // Only the event and the days are known yet; people are checked by the statement.
            AttendanceRules.EntryFacts(entry: index, day: entry.day, personExists: true, registrationStatus: .registered, walkIn: entry.walkIn)
        }
        if let problem = AttendanceRules.firstProblem(eventStatus: status, firstDay: event.firstDay, lastDay: event.lastDay, entries: facts) {
            throw AttendanceStoreError.rejected(problem, eventCode: event.code, personID: nil)
        }
    }
}

extension AttendanceStore {
    /// The statistics of the event `reference` (code or uuid); nil when the tenant has no
    /// such event. `minDaysPresent` nil means 1.
    public func statistics(tenant: UUID, event reference: String, minDaysPresent: Int?) async throws -> EventStatisticsReport? {
        try await database.inTenant(tenant, readOnly: true) { c in
            try EventStatisticsQuery(reference: reference, minDaysPresent: minDaysPresent).run(c)
        }
    }
}
