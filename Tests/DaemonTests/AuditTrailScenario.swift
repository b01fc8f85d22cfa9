import Testing
import Varlink

extension AuditTrailTests {
    /// Each mutating method once, successfully, as the tenant admin of "alpha", in an order
    /// where each call's preconditions hold (events held before plans, people before merges).
    func scenario(_ t: Trail) async throws {
        try await t.call("System.Grant", ["uid": 61999, "role": "viewer"])
        try await t.call("System.Revoke", ["uid": 61999])

        let created = try await t.call("Events.CreateEvent", [
            "code": "AUDIT-2019-04", "title": "Joint planning of local community and LSG bodies", "venue": .string(Self.venue),
            "first_day": "2019-04-16", "last_day": "2019-04-17", "capacity": 20,
        ])
        let version = try #require(created["event"]?["version"])
        try await t.call("Events.UpdateEvent", ["event": "AUDIT-2019-04", "version": version, "title": "Joint planning, day one and two"])
        try await t.call("Events.InviteMunicipality", ["event": "AUDIT-2019-04", "municipality": .string(Self.bulolu), "role": "target"])

        func person(_ name: String, _ sex: String) async throws -> JSONValue {
            let reply = try await t.call("People.AddPerson", ["full_name": .string(name), "sex": .string(sex), "category": "council_deputy",
                                                              "municipality": .string(Self.bulolu), "allow_duplicate": true])
            return try #require(reply["person"]?["person_id"])
        }
        let aigul = try await person("Асанова Айгүл", "female")
        let twin = try await person("Асанова Айгуль", "female")
        try await t.call("People.MergePeople", ["keep_person_id": aigul, "merge_person_ids": [twin]])
        let nurlan = try await person("Маматов Нурлан", "male")

        try await t.call("Registrations.Register", ["event": "AUDIT-2019-04", "person_id": aigul])
        try await t.call("Registrations.Register", ["event": "AUDIT-2019-04", "person_id": nurlan])
        try await t.call("Registrations.CancelRegistration", ["event": "AUDIT-2019-04", "person_id": nurlan, "reason": "ill"])
        try await t.call("Registrations.ImportRegistrations", [
            "event": "AUDIT-2019-04", "idempotency_key": "audit-import-1",
            "rows": [["full_name": "Токтосунов Бакыт", "sex": "male", "category": "council_chair", "municipality": .string(Self.bulolu)]],
        ])

        for status in ["scheduled", "in_progress"] {
            try await t.call("Events.SetEventStatus", ["event": "AUDIT-2019-04", "status": .string(status)])
        }
        try await t.call("Attendance.RecordAttendance", ["event": "AUDIT-2019-04", "entries": [
            ["person_id": aigul, "day": "2019-04-16", "status": "present"],
            ["person_id": aigul, "day": "2019-04-17", "status": "late"],
        ]])
        try await t.call("Events.SetEventStatus", ["event": "AUDIT-2019-04", "status": "held"])

        let linked = try await t.call("Plans.LinkPlan", ["municipality": .string(Self.bulolu), "event": "AUDIT-2019-04",
                                                        "period_start": "2019-05-01", "period_end": "2021-12-31"])
        let plan = try #require(linked["plan"]?["plan_id"])
        try await t.call("Plans.SetPlanStatus", ["plan_id": plan, "status": "community_agreed", "date": "2019-05-20"])
        try await t.call("Plans.AddPlanItems", ["plan_id": plan, "items": [
            ["priority_issue": "Drinking water", "activity": "Repair the pipeline", "responsible": "Aiyl okmotu", "local_budget": 150_000],
        ]])
        try await t.call("Reports.DefineIndicator", ["code": "AUDIT-1", "title": "Trained council deputies",
                                                     "unit": "persons", "counting_rule": "unique_per_period"])
    }
}
