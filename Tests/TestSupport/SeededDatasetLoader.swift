import Foundation
import Postgres

extension SeededDataset {
    /// Loads the dataset into `tenant` with COPY (as the database owner, so row-level security
    /// does not apply), in one transaction, then VACUUMs and ANALYZEs the tables as autovacuum
    /// would soon after: plans see the volume, and index-only scans need the visibility map.
    public func load(into c: PGConnection, tenant: UUID) throws {
        let t = tenant.uuidString.lowercased()
        try c.withTransaction { c in
            try copy(c, "event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)", events.count) { i, s in
                let e = events[i]
                s += "\(t)\t\(Self.id(e.id))\t\(e.code)\t\(e.title)\t\(e.venue)\t\(SeededDatasetDay.iso(e.firstDay))\t\(SeededDatasetDay.iso(e.lastDay))\t100\t\(e.status)\n"
            }
            let invitations = events.flatMap { e in e.invitations.sorted { $0.key < $1.key }.map { (e.id, $0.key, $0.value) } }
            try copy(c, "event_municipality (tenant_id, event_id, municipality_code, role)", invitations.count) { i, s in
                let (event, code, role) = invitations[i]
                s += "\(t)\t\(Self.id(event))\t\(code)\t\(role)\n"
            }
            try copy(c, "person (tenant_id, id, full_name, name_key, sex, birth_year, category, municipality_code)", people.count) { i, s in
                let p = people[i]
                s += "\(t)\t\(Self.id(p.id))\t\(p.name)\t\(p.name.lowercased())\t\(p.sex)\t\(Self.text(p.birthYear.map(String.init)))\t\(p.category)\t\(Self.text(p.home))\n"
            }
            try copy(c, "registration (tenant_id, event_id, person_id, status, source, category, municipality_code, cancelled_at)",
                     registrations.count) { i, s in
                let r = registrations[i]
                s += "\(t)\t\(Self.id(events[r.event].id))\t\(Self.id(people[r.person].id))\t\(r.status)\tmanual\t\(r.category)\t\(Self.text(r.municipality))\t\(r.status == "cancelled" ? "2019-01-01 00:00:00+00" : "\\N")\n"
            }
            try copy(c, "attendance (tenant_id, event_id, person_id, day, status, recorded_by)", marks.count) { i, s in
                let m = marks[i]
                let r = registrations[Int(m.registration)]
                let e = events[r.event]
                s += "\(t)\t\(Self.id(e.id))\t\(Self.id(people[r.person].id))\t\(SeededDatasetDay.iso(e.firstDay + Int(m.offset)))\t\(Self.markStatuses[Int(m.status)])\t0\n"
            }
            try loadPlans(c, tenant: t)
        }
        for table in ["event", "event_municipality", "person", "registration", "attendance", "action_plan", "action_plan_status"] {
            try c.execute(PGQuery(unsafeSQL: "VACUUM (ANALYZE) \(table)"))
        }
    }

    private func loadPlans(_ c: PGConnection, tenant t: String) throws {
        try copy(c, """
            action_plan (tenant_id, id, municipality_code, event_id, period_start, period_end, status, status_date,
                         council_decision_number, council_decision_date, created_by)
            """, plans.count) { i, s in
            let p = plans[i]
            let last = p.steps[p.steps.count - 1]
            let approval = p.steps.first { $0.status == "council_approved" }
            let decision = approval.map { "D-\(i)\t\(SeededDatasetDay.iso($0.day))" } ?? "\\N\t\\N"
            s += "\(t)\t\(Self.id(p.id))\t\(p.municipality)\t\(Self.id(events[p.event].id))\t\(SeededDatasetDay.iso(p.periodStart))\t\(SeededDatasetDay.iso(p.periodStart + 364))\t\(last.status)\t\(SeededDatasetDay.iso(last.day))\t\(decision)\t0\n"
        }
        let steps = plans.enumerated().flatMap { index, plan in plan.steps.indices.map { (index, $0) } }
        try copy(c, """
            action_plan_status (tenant_id, plan_id, seq, from_status, status, step_date, recorded_by,
                                council_decision_number, council_decision_date)
            """, steps.count) { i, s in
            let (index, seq) = steps[i]
            let plan = plans[index]
            let step = plan.steps[seq]
            let decision = step.status == "council_approved" ? "D-\(index)\t\(SeededDatasetDay.iso(step.day))" : "\\N\t\\N"
            s += "\(t)\t\(Self.id(plan.id))\t\(seq + 1)\t\(seq == 0 ? "\\N" : plan.steps[seq - 1].status)\t\(step.status)\t\(SeededDatasetDay.iso(step.day))\t0\t\(decision)\n"
        }
    }

    /// COPY of `count` rows written by `row`, streamed in chunks of a few thousand rows.
    private func copy(_ c: PGConnection, _ target: String, _ count: Int, row: (Int, inout String) -> Void) throws {
        try withoutActuallyEscaping(row) { row in
            let chunks = stride(from: 0, to: count, by: 5_000).lazy.map { start -> [UInt8] in
                var text = ""
                for index in start..<min(start + 5_000, count) { row(index, &text) }
                return Array(text.utf8)
            }
            try c.copyIn("COPY \(target) FROM STDIN", chunks: chunks)
        }
    }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// COPY text of an optional value (\N is NULL).
    static func text(_ value: String?) -> String { value ?? "\\N" }
}
