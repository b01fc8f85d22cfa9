import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Plans: joint action plans linked to trainings, their dated lifecycle, items
/// and budget (PlanStore). Reads need viewer, changes coordinator.
///
/// Every handler checks in the order docs/protocol.md fixes: tenant, role, values
/// (InvalidField), then objects and state (the store's `PlanStoreError`s).
struct PlansInterface: InterfaceImplementation {
    let context: ServiceContext
    let store: PlanStore

    init(context: ServiceContext) {
        self.context = context
        self.store = PlanStore(database: context.database)
    }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        try interface.implement("LinkPlan", wrap(linkPlan))
        try interface.implement("SetPlanStatus", wrap(setPlanStatus))
        try interface.implement("AddPlanItems", wrap(addPlanItems))
        try interface.implement("GetPlan", wrap(getPlan))
        try interface.implement("ListPlans", wrap(listPlans))
    }

    @Sendable func linkPlan(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let today = PlanRules.today()
        let reference = try EventReference.validate(try p.string("event"))
        let request = PlanLinkRequest(
            municipality: try SOATECode.validate(try p.string("municipality"), field: "municipality"), event: reference,
            periodStart: try Day(iso: try p.string("period_start"), field: "period_start"),
            periodEnd: try Day(iso: try p.string("period_end"), field: "period_end"),
            title: try p.optionalString("title").map { try PlanRules.title($0) },
            date: try p.optionalString("date").map { try PlanRules.pastDay($0, field: "date", today: today) },
            note: try p.optionalString("note").flatMap { try PlanRules.note($0) })
        try PlanRules.checkPeriod(start: request.periodStart, end: request.periodEnd)
        do {
            let linked = try await store.link(tenant: tenant.id, request, today: today, byUID: call.peer.uid)
            return ["plan": PlanWire.plan(linked.plan), "created": .bool(linked.created)]
        } catch {
            throw PlanErrors.map(error, event: reference)
        }
    }

    @Sendable func setPlanStatus(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let planID = try Self.planID(p)
        guard let status = PlanStatus(rawValue: try p.string("status")) else { throw VarlinkError.invalidParameter("status") }
        let request = try PlanStatusRequest(
            status: status, date: p.optionalString("date"), decisionNumber: p.optionalString("council_decision_number"),
            decisionDate: p.optionalString("council_decision_date"), note: p.optionalString("note"), today: PlanRules.today())
        do {
            let result = try await store.setStatus(tenant: tenant.id, planID: planID, request, byUID: call.peer.uid)
            return ["plan": PlanWire.plan(result.plan), "previous_status": .string(result.previous.rawValue)]
        } catch {
            throw PlanErrors.map(error, plan: planID)
        }
    }

    @Sendable func addPlanItems(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let planID = try Self.planID(p)
        guard let objects = try ParameterLists.objects(call, "items") else { throw VarlinkError.invalidParameter("items") }
        let drafts = try PlanItemInputParser.parse(objects)
        do {
            let outcome = try await store.addItems(tenant: tenant.id, planID: planID, drafts, byUID: call.peer.uid)
            return ["plan": PlanWire.plan(outcome.plan), "items": .array(outcome.items.map(PlanWire.item)),
                    "created": .int(Int64(outcome.created)), "replaced": .int(Int64(outcome.replaced))]
        } catch {
            throw PlanErrors.map(error, plan: planID)
        }
    }

    @Sendable func getPlan(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let planID = try Self.planID(p)
        do {
            let detail = try await store.get(tenant: tenant.id, planID: planID)
            return ["plan": PlanWire.plan(detail.plan), "items": .array(detail.items.map(PlanWire.item)),
                    "history": .array(detail.history.map(PlanWire.step))]
        } catch {
            throw PlanErrors.map(error, plan: planID)
        }
    }

    @Sendable func listPlans(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let event = try p.optionalString("event").map { try EventReference.validate($0) }
        let filter = PlanFilter(
            oblast: try p.optionalString("oblast").map { try SOATECode.validate($0, field: "oblast") },
            district: try p.optionalString("district").map { try SOATECode.validate($0, field: "district") },
            municipality: try p.optionalString("municipality").map { try SOATECode.validate($0, field: "municipality") },
            statuses: try ParameterLists.enums(call, "status", as: PlanStatus.self), event: event,
            page: try ListPage(limit: p.optionalInt("limit"), offset: p.optionalInt("offset")))
        do {
            let result = try await store.list(tenant: tenant.id, filter: filter)
            return ["plans": .array(result.plans.map(PlanWire.plan)), "total": .int(Int64(result.total))]
        } catch {
            throw PlanErrors.map(error, event: event)
        }
    }

    /// `plan_id`: a uuid, or InvalidField.
    static func planID(_ p: Parameters) throws -> UUID {
        let text = try p.string("plan_id")
        guard let id = UUID(text: text) else {
            throw ServiceError.invalidField(field: "plan_id", reason: "must be a uuid, got '\(text.prefix(40))'")
        }
        return id
    }
}
