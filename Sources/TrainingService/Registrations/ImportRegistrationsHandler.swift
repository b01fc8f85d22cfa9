import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.Registrations.ImportRegistrations: reads the rows (a value error in a row
/// rejects that row, naming rows[i].field, and never the call), enforces the row limit, and
/// hands the rows to the store, which plans and writes them in one transaction.
///
/// Registered to start early: a call pipelined behind the previous part of the same list
/// decodes and validates its rows (most of the daemon's work before the transaction) while
/// that part is written, then waits for its turn. Only a caller who holds the registrar role
/// when the call arrives gets that early work: anyone else could make the daemon validate up
/// to `max_import_rows` rows only to be refused. The role is checked again once it is the
/// call's turn (a call pipelined behind a grant or a revoke sees its effect), and errors are
/// answered in the same order as before: the role first. A call with `after` is refused when
/// the call just before it on the connection was the part it continues and failed.
struct ImportRegistrationsHandler: Sendable {
    let context: ServiceContext
    let store: RegistrationStore

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let slug = Parameters(call: call).optionalString("tenant")
        let mayImport = (try? await context.authorizer.tenant(for: call, slug: slug, requires: .registrar)) != nil
        let early = mayImport ? await preparing(call) : nil
        let previousFailure = try await call.waitForTurn()
        let tenant = try await context.authorizer.tenant(for: call, slug: slug, requires: .registrar)
        let prepared = if let early { early } else { await preparing(call) }
        var request = try prepared.get()
        // The part this one continues failed just before it on this connection (it was sent
        // pipelined behind it): its key may still exist, left by an older import, but its rows
        // did not go in, and these must not take seats ahead of them.
        request.afterFailed = request.after != nil && previousFailure?.method == call.method
            && previousFailure?.strings["idempotency_key"] == request.after
        let result = try await ParticipantErrors.mapping(RegistrationsInterface.name) {
            try await store.importRegistrations(tenant: tenant.id, uid: call.peer.uid, request)
        }
        return [
            "idempotency_key": .string(result.idempotencyKey),
            "replayed": .bool(result.replayed),
            "committed": .bool(result.committed),
            "summary": RegistrationWire.summary(result.summary),
            "outcomes": .array(result.outcomes.map(RegistrationWire.outcome)),
        ]
    }

    /// `prepare`'s request, or the error it threw, to be answered in its turn.
    private func preparing(_ call: VarlinkCall) async -> Result<RegistrationStore.ImportRequest, any Error> {
        do {
            return .success(try await prepare(call))
        } catch {
            return .failure(error)
        }
    }

    /// Everything that needs no database: the parameters checked and the rows validated.
    func prepare(_ call: VarlinkCall) async throws -> RegistrationStore.ImportRequest {
        let p = Parameters(call: call)
        let event = try EventReference.validate(try p.string("event"))
        let key = try IdempotencyKey.validate(try p.string("idempotency_key"))
        let after = try p.optionalString("after").map { text throws(ValidationError) in try IdempotencyKey.validate(text, field: "after") }
        let objects = try ParameterLists.objects(call, "rows") ?? []
        guard !objects.isEmpty else { throw ServiceError.invalidField(field: "rows", reason: "must contain at least one row") }
        let limit = context.runtime.maxImportRows
        guard objects.count <= limit else {
            throw ServiceError.specific(name: "\(RegistrationsInterface.name).ImportTooLarge",
                                        parameters: ["limit": .int(Int64(limit)), "rows": .int(Int64(objects.count))])
        }
        let rows = try await Self.validate(objects, currentYear: PersonParameters.currentYear)
        return RegistrationStore.ImportRequest(
            event: event, idempotencyKey: key, rows: rows, fingerprint: call["rows"]?.jsonString ?? "",
            allOrNothing: p.optionalBool("all_or_nothing") ?? false, dryRun: p.optionalBool("dry_run") ?? false, after: after)
    }

    /// Rows this many and more are validated in parallel slices.
    static let parallelThreshold = 1_000

    /// Every row validated, in order. Large calls are split into one slice per processor, so
    /// that normalising names and phones (most of the daemon's work for an import) is not
    /// serial; a type error throws the error of the first row at fault, as a serial pass would.
    static func validate(_ objects: [JSONObject], currentYear: Int) async throws -> [Result<ImportRowDraft, ImportRowDraft.Invalid>] {
        typealias Slice = Result<[Result<ImportRowDraft, ImportRowDraft.Invalid>], any Error>
        @Sendable func slice(_ range: Range<Int>) -> Slice {
            Result {
                var rows: [Result<ImportRowDraft, ImportRowDraft.Invalid>] = []
                rows.reserveCapacity(range.count)
                for index in range {
                    rows.append(ImportRowDraft.validate(try input(objects[index], index: index), index: index, currentYear: currentYear))
                }
                return rows
            }
        }
        let parts = objects.count >= parallelThreshold ? min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4) : 1
        guard parts > 1 else { return try slice(objects.indices).get() }
        let size = (objects.count + parts - 1) / parts
        let ranges = stride(from: 0, to: objects.count, by: size).map { $0..<min($0 + size, objects.count) }
        var slices = [Slice?](repeating: nil, count: ranges.count)
        await withTaskGroup(of: (Int, Slice).self) { group in
            for (part, range) in ranges.enumerated() { group.addTask { (part, slice(range)) } }
            for await (part, result) in group { slices[part] = result }
        }
        var rows: [Result<ImportRowDraft, ImportRowDraft.Invalid>] = []
        rows.reserveCapacity(objects.count)
        for result in slices { rows += try result!.get() }
        return rows
    }

    /// An ImportRow object as typed values (types and enums checked by the IDL validator).
    static func input(_ row: JSONObject, index: Int) throws -> ImportRowInput {
        let path = "rows[\(index)]."
        return ImportRowInput(
            row: row["row"]?.intValue, personID: row["person_id"]?.stringValue, fullName: row["full_name"]?.stringValue,
            sex: try PersonParameters.enumValue(row, "sex", path: path), birthYear: row["birth_year"]?.intValue,
            disability: row["disability"]?.boolValue, category: try PersonParameters.enumValue(row, "category", path: path),
            municipality: row["municipality"]?.stringValue, phone: row["phone"]?.stringValue,
            status: try PersonParameters.enumValue(row, "status", path: path), allowDuplicate: row["allow_duplicate"]?.boolValue ?? false)
    }
}
