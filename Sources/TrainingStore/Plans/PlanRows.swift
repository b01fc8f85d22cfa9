import Foundation
import Postgres
import TrainingCore

/// The SQL that reads plans, their items and history, and the decoding of its rows, shared
/// by every PlanStore method so all of them answer the same shapes.
enum PlanRows {
    /// Columns of a plan with its municipality, event and the count and budget of the items
    /// not dropped, for `FROM action_plan p \(joins)`.
    static let columns = SQLFragment("""
        p.id, p.municipality_code, m.name_ru, m.name_ky, m.name_en, m.district_code, m.oblast_code,
        e.id AS event_id, e.code AS event_code, e.title AS event_title, e.first_day, e.last_day, e.status AS event_status,
        p.period_start, p.period_end, p.title, p.status, p.status_date, p.council_decision_number, p.council_decision_date,
        p.version, p.created_at, p.updated_at, b.items, b.budget_local, b.budget_community, b.budget_donor
        """)

    static let joins = SQLFragment("""
        JOIN municipality m ON m.code = p.municipality_code
        JOIN event e ON e.tenant_id = p.tenant_id AND e.id = p.event_id
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS items, coalesce(sum(i.budget_local), 0)::bigint AS budget_local,
                   coalesce(sum(i.budget_community), 0)::bigint AS budget_community,
                   coalesce(sum(i.budget_donor), 0)::bigint AS budget_donor
            FROM action_plan_item i
            WHERE i.tenant_id = p.tenant_id AND i.plan_id = p.id AND i.status <> 'dropped') b
        """)

    static let itemColumns = SQLFragment("""
        id, item_no, priority_issue, activity, responsible, due_date, budget_local, budget_community, budget_donor,
        status, progress, progress_note, updated_at
        """)

    /// The plan of the current tenant with this id (nil when there is none).
    static func plan(_ c: PGConnection, id: UUID) throws -> Plan? {
        try c.run("SELECT \(columns) FROM action_plan p \(joins) WHERE p.id = \(id)").first.map(plan)
    }

    static func plan(_ row: PGRow) throws -> Plan {
        let municipality = MunicipalityRef(
            code: try row.decode("municipality_code"),
            names: LocalizedNames(ru: try row.decode("name_ru"), ky: try row.decode("name_ky", as: String?.self),
                                  en: try row.decode("name_en", as: String?.self)),
            district: try row.decode("district_code", as: String?.self), oblast: try row.decode("oblast_code"))
        let event = PlanEventRef(
            id: try row.decode("event_id"), code: try row.decode("event_code"), title: try row.decode("event_title"),
            firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"),
            status: try enumValue(EventStatus.self, row, "event_status"))
        return Plan(
            id: try row.decode("id"), municipality: municipality, event: event,
            periodStart: try row.decode("period_start"), periodEnd: try row.decode("period_end"),
            title: try row.decode("title", as: String?.self), status: try enumValue(PlanStatus.self, row, "status"),
            statusDate: try row.decode("status_date"),
            councilDecision: try decision(row, number: "council_decision_number", date: "council_decision_date"),
            items: try row.decode("items"),
            budget: PlanBudget(localBudget: try row.decode("budget_local"), community: try row.decode("budget_community"),
                               donor: try row.decode("budget_donor")),
            version: try row.decode("version"), createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
    }

    /// The items of a plan by number, dropped ones included.
    static func items(_ c: PGConnection, planID: UUID) throws -> [PlanItem] {
        try c.run("SELECT \(itemColumns) FROM action_plan_item WHERE plan_id = \(planID) ORDER BY item_no").rows.map(item)
    }

    static func item(_ c: PGConnection, id: UUID) throws -> PlanItem? {
        try c.run("SELECT \(itemColumns) FROM action_plan_item WHERE id = \(id)").first.map(item)
    }

    static func item(_ row: PGRow) throws -> PlanItem {
        PlanItem(
            id: try row.decode("id"), number: try row.decode("item_no"), priorityIssue: try row.decode("priority_issue"),
            activity: try row.decode("activity"), responsible: try row.decode("responsible"),
            dueDate: try row.decode("due_date", as: Day?.self),
            budget: PlanBudget(localBudget: try row.decode("budget_local"), community: try row.decode("budget_community"),
                               donor: try row.decode("budget_donor")),
            status: try enumValue(PlanItemStatus.self, row, "status"), progress: try row.decode("progress"),
            progressNote: try row.decode("progress_note", as: String?.self), updatedAt: try row.decode("updated_at"))
    }

    /// The steps of a plan, oldest first.
    static func history(_ c: PGConnection, planID: UUID) throws -> [PlanStep] {
        try c.query("""
            SELECT from_status, status, step_date, recorded_at, recorded_by, note, council_decision_number, council_decision_date
            FROM action_plan_status WHERE plan_id = \(planID) ORDER BY seq
            """).rows.map { row in
            PlanStep(
                from: try row.decode("from_status", as: String?.self).map { try enumValue(PlanStatus.self, $0) },
                to: try enumValue(PlanStatus.self, row, "status"), date: try row.decode("step_date"),
                recordedAt: try row.decode("recorded_at"), byUID: UInt32(truncatingIfNeeded: try row.decode("recorded_by", as: Int64.self)),
                note: try row.decode("note", as: String?.self),
                councilDecision: try decision(row, number: "council_decision_number", date: "council_decision_date"))
        }
    }

    static func decision(_ row: PGRow, number: String, date: String) throws -> CouncilDecision? {
        guard let number = try row.decode(number, as: String?.self), let day = try row.decode(date, as: Day?.self) else { return nil }
        return CouncilDecision(number: number, date: day)
    }

    static func enumValue<E: RawRepresentable>(_ type: E.Type, _ row: PGRow, _ column: String) throws -> E where E.RawValue == String {
        try enumValue(type, try row.decode(column, as: String.self))
    }

    static func enumValue<E: RawRepresentable>(_ type: E.Type, _ text: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: text) else { throw PGError(code: .protocolViolation, message: "unknown \(E.self) '\(text)'") }
        return value
    }
}
