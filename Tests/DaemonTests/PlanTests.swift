import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// A daemon with tenants dpi and rival, and in dpi a held training at Gülchö (venue) with
/// Bülölü invited as target, Lenin as neighbour, a participant registered from Chong-Alai and
/// a cancelled one from Budalyk; plus a draft event. Plans are then made over the socket.
struct PlanFixture {
    static let link = "io.trainingd.Plans.LinkPlan"
    static let setStatus = "io.trainingd.Plans.SetPlanStatus"
    static let addItems = "io.trainingd.Plans.AddPlanItems"
    static let get = "io.trainingd.Plans.GetPlan"
    static let list = "io.trainingd.Plans.ListPlans"
    static let venue = AttendanceFixture.venue
    static let bulolu = AttendanceFixture.bulolu
    static let chongAlai = AttendanceFixture.chongAlai
    static let kashkaSuu = AttendanceFixture.kashkaSuu
    static let lenin = AttendanceFixture.lenin
    static let budalyk = AttendanceFixture.buudalyk
    static let alaArcha = "41708203805000"  // Chüy oblast

    let f: AttendanceFixture
    let event: UUID

    static func start(prefix: String, arguments: [String] = []) async throws -> PlanFixture {
        let f = try await AttendanceFixture.start(prefix: prefix, arguments: arguments)
        let event = try f.event(f.dpi, code: "OSH-2019-04-GULCHO", status: "held",
                                invitations: [(bulolu, "target"), (lenin, "neighbour"), (alaArcha, "neighbour")])
        try f.person(f.dpi, "Маматова Чолпон", sex: "female", municipality: chongAlai, event: event)
        try f.person(f.dpi, "Осмонов Данияр", sex: "male", municipality: budalyk, event: event, status: "cancelled")
        try f.person(f.dpi, "Токтосунов Бакыт", sex: "male", municipality: kashkaSuu)
        try f.event(f.dpi, code: "DRAFT-1", status: "draft", invitations: [(bulolu, "target")])
        return PlanFixture(f: f, event: event)
    }

    func call(_ method: String, _ parameters: JSONValue) async throws -> JSONValue { try await f.call(method, parameters) }

    func failure(_ method: String, _ parameters: JSONValue) async -> VarlinkError? { await f.failure(method, parameters) }

    /// LinkPlan of the Gülchö event for `municipality`, returning the reply.
    func link(_ municipality: String, _ start: String = "2019-05-01", _ end: String = "2021-12-31",
              extra: JSONObject = [:]) async throws -> JSONValue {
        var parameters: JSONObject = ["municipality": .string(municipality), "event": "OSH-2019-04-GULCHO",
                                      "period_start": .string(start), "period_end": .string(end)]
        for (key, value) in extra { parameters[key] = value }
        return try await call(Self.link, .object(parameters))
    }

    /// Audit rows of one plan: (uid, method), oldest first.
    func audit(_ plan: JSONValue?) throws -> [(uid: Int64, method: String)] {
        let id = plan?.stringValue ?? ""
        return try f.owner.query("""
            SELECT uid, method FROM audit_log WHERE object_type = 'plan' AND object_id = \(id) ORDER BY id
            """).rows.map { (try $0.decode("uid", as: Int64.self), try $0.decode("method", as: String.self)) }
    }

    /// (history rows, audit rows, plan change rows) of a tenant.
    func footprint(_ tenant: UUID) throws -> [Int] {
        [try f.count("action_plan_status", tenant),
         try f.owner.query("SELECT count(*) AS n FROM audit_log WHERE tenant_id = \(tenant) AND object_type = 'plan'")[0].decode("n"),
         try f.owner.query("SELECT count(*) AS n FROM change_log WHERE tenant_id = \(tenant) AND kind LIKE 'plan_%'")[0].decode("n")]
    }

    static func item(_ activity: String, id: UUID? = nil, local: Int = 0, community: Int = 0, donor: Int = 0,
                     extra: JSONObject = [:]) -> JSONValue {
        var item: JSONObject = ["priority_issue": "Drinking water supply in Кара-Суу", "activity": .string(activity),
                                "responsible": "Aiyl okmotu", "local_budget": .int(Int64(local)), "community": .int(Int64(community)),
                                "donor": .int(Int64(donor))]
        if let id { item["item_id"] = .string(id.uuidString.lowercased()) }
        for (key, value) in extra { item[key] = value }
        return .object(item)
    }
}

@Suite("Plans over the socket")
struct PlanTests {
    @Test func linkingChecksTheEventTheMunicipalityAndOverlaps() async throws {
        let p = try await PlanFixture.start(prefix: "planlink")
        let first = try await p.link(PlanFixture.venue, extra: ["title": "  План совместных действий Гүлчө ", "note": "Written on day 2"])
        let plan = first["plan"]
        #expect(first["created"] == true)
        #expect(plan?["status"] == "drafting" && plan?["status_date"] == "2019-04-17")
        #expect(plan?["title"] == "План совместных действий Гүлчө")
        #expect(plan?["municipality"]?["code"] == .string(PlanFixture.venue))
        #expect(plan?["municipality"]?["name"]?["ru"] == "Гульчинский айылный аймак")
        #expect(plan?["municipality"]?["district"] == "41706207000000" && plan?["municipality"]?["oblast"] == "41706000000000")
        #expect(plan?["event"]?["code"] == "OSH-2019-04-GULCHO" && plan?["event"]?["status"] == "held")
        #expect(plan?["event"]?["event_id"] == AttendanceFixture.id(p.event) && plan?["event"]?["first_day"] == "2019-04-16")
        #expect(plan?["items"] == 0 && plan?["budget"]?["total"] == 0 && plan?["council_decision"] == nil)
        #expect(try p.footprint(p.f.dpi) == [1, 1, 1])

        // A retry (same municipality, event, period) returns the same plan and writes nothing.
        let again = try await p.link(PlanFixture.venue, extra: ["title": "Other title"])
        #expect(again["created"] == false && again["plan"]?["plan_id"] == plan?["plan_id"])
        #expect(again["plan"]?["title"] == "План совместных действий Гүлчө")
        #expect(try p.footprint(p.f.dpi) == [1, 1, 1])

        // Another period overlapping it is refused, naming the existing plan.
        let overlap = await p.failure(PlanFixture.link, ["municipality": .string(PlanFixture.venue), "event": "OSH-2019-04-GULCHO",
                                                         "period_start": "2021-12-31", "period_end": "2023-12-31"])
        #expect(overlap?.name == "io.trainingd.Plans.PlanExists")
        #expect(overlap?.parameters["plan_id"] == plan?["plan_id"] && overlap?.parameters["period_end"] == "2021-12-31")
        #expect(overlap?.parameters["municipality"] == .string(PlanFixture.venue))
        // The next period does not overlap.
        #expect(try await p.link(PlanFixture.venue, "2022-01-01", "2024-12-31")["created"] == true)

        // Invited (target and neighbour) and registered municipalities were trained there.
        for code in [PlanFixture.bulolu, PlanFixture.lenin, PlanFixture.chongAlai] {
            #expect(try await p.link(code, extra: ["date": "2019-04-20"])["plan"]?["status_date"] == "2019-04-20")
        }
        // Kashka-Suu had nobody there; Budalyk's only registration was cancelled.
        for code in [PlanFixture.kashkaSuu, PlanFixture.budalyk] {
            let refused = await p.failure(PlanFixture.link, ["municipality": .string(code), "event": "OSH-2019-04-GULCHO",
                                                             "period_start": "2019-05-01", "period_end": "2019-12-31"])
            #expect(refused?.name == "io.trainingd.Plans.NotTrainedAtEvent")
            #expect(refused?.parameters["municipality"] == .string(code) && refused?.parameters["event"] == "OSH-2019-04-GULCHO")
        }
        let draft = await p.failure(PlanFixture.link, ["municipality": .string(PlanFixture.bulolu), "event": "DRAFT-1",
                                                       "period_start": "2019-05-01", "period_end": "2019-12-31"])
        #expect(draft?.name == "io.trainingd.Plans.EventNotHeld" && draft?.parameters["status"] == "draft")
        #expect(draft?.parameters["event"] == "DRAFT-1")
        let noEvent = await p.failure(PlanFixture.link, ["municipality": .string(PlanFixture.bulolu), "event": "NOPE-1",
                                                         "period_start": "2019-05-01", "period_end": "2019-12-31"])
        #expect(noEvent?.name == "io.trainingd.Plans.EventNotFound" && noEvent?.parameters["event"] == "NOPE-1")
        let noPlace = await p.failure(PlanFixture.link, ["municipality": "41799999999999", "event": "OSH-2019-04-GULCHO",
                                                         "period_start": "2019-05-01", "period_end": "2019-12-31"])
        #expect(noPlace?.name == "io.trainingd.Plans.MunicipalityNotFound" && noPlace?.parameters["municipality"] == "41799999999999")

        // Bad values name their field.
        let bad: [(JSONObject, String)] = [
            (["period_start": "2019-05-01", "period_end": "2019-04-30"], "period_end"),
            (["period_start": "2019-05-01", "period_end": "2029-05-02"], "period_end"),
            (["period_start": "2019-02-30", "period_end": "2019-12-31"], "period_start"),
            (["period_start": "2019-05-01", "period_end": "2019-12-31", "date": "2999-01-01"], "date"),
            (["period_start": "2019-05-01", "period_end": "2019-12-31", "title": " "], "title"),
            (["period_start": "2019-05-01", "period_end": "2019-12-31", "note": .string(String(repeating: "n", count: 2_001))], "note"),
            (["period_start": "2019-05-01", "period_end": "2019-12-31", "municipality": "4170620781"], "municipality"),
        ]
        for (values, field) in bad {
            var parameters: JSONObject = ["municipality": .string(PlanFixture.kashkaSuu), "event": "OSH-2019-04-GULCHO"]
            for (key, value) in values { parameters[key] = value }
            let error = await p.failure(PlanFixture.link, .object(parameters))
            #expect(error?.name == "io.trainingd.System.InvalidField" && error?.parameters["field"] == .string(field), "\(values)")
        }
        #expect(try p.footprint(p.f.dpi) == [5, 5, 5])

        // An abandoned plan no longer blocks an overlapping period (the exact same period stays taken).
        let bulolu = try await p.call(PlanFixture.list, ["municipality": .string(PlanFixture.bulolu)])["plans"]?[0]?["plan_id"]
        _ = try await p.call(PlanFixture.setStatus, ["plan_id": bulolu ?? .null, "status": "abandoned", "date": "2019-09-01"])
        #expect(try await p.link(PlanFixture.bulolu, "2019-10-01", "2022-12-31")["created"] == true)
        // The same event and period again is the abandoned plan itself.
        let same = try await p.link(PlanFixture.bulolu)
        #expect(same["created"] == false && same["plan"]?["plan_id"] == bulolu && same["plan"]?["status"] == "abandoned")
        #expect(await p.f.daemon.terminate() == 0)
    }

    @Test func concurrentLinksAndStepsSerialise() async throws {
        let p = try await PlanFixture.start(prefix: "planrace")
        let daemon = p.f.daemon
        @Sendable func link(_ municipality: String, _ start: String) async throws -> JSONValue {
            try await daemon.call(PlanFixture.link, ["tenant": "dpi", "municipality": .string(municipality), "event": "OSH-2019-04-GULCHO",
                                                     "period_start": .string(start), "period_end": "2021-12-31"])
        }
        // Eight overlapping periods of one municipality at once: exactly one plan.
        let outcomes = await withTaskGroup(of: String.self) { group in
            for offset in 0..<8 {
                group.addTask {
                    do {
                        let reply = try await link(PlanFixture.bulolu, "2019-0\(offset + 1)-01")
                        return reply["created"] == true ? "created" : "existing"
                    } catch let error as VarlinkError {
                        return error.name
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "created" }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == "io.trainingd.Plans.PlanExists" }.count == 7, "\(outcomes)")
        // The same link six times at once: one plan, the others get it back.
        let repeats = await withTaskGroup(of: String.self) { group in
            for _ in 0..<6 {
                group.addTask { (try? await link(PlanFixture.lenin, "2019-05-01"))?["created"]?.description ?? "failed" }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(repeats.sorted() == ["false", "false", "false", "false", "false", "true"], "\(repeats)")
        #expect(try p.f.count("action_plan", p.f.dpi) == 2)
        #expect(try p.footprint(p.f.dpi) == [2, 2, 2])

        // The same step six times at once: one moves, the others find it done.
        let plan = try await p.call(PlanFixture.list, ["municipality": .string(PlanFixture.lenin)])["plans"]?[0]?["plan_id"] ?? .null
        let previous = await withTaskGroup(of: String.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let reply = try? await daemon.call(PlanFixture.setStatus, ["tenant": "dpi", "plan_id": plan, "status": "community_agreed", "date": "2019-05-20"])
                    return reply?["previous_status"]?.stringValue ?? "failed"
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(previous.filter { $0 == "drafting" }.count == 1 && previous.filter { $0 == "community_agreed" }.count == 5, "\(previous)")
        #expect(try p.footprint(p.f.dpi) == [3, 3, 3])
        #expect(await p.f.daemon.terminate() == 0)
    }

    @Test func fullLifecycleIsDatedAttributedAuditedAndRefusesOutOfOrderSteps() async throws {
        let p = try await PlanFixture.start(prefix: "planlife")
        let id = try await p.link(PlanFixture.bulolu)["plan"]?["plan_id"] ?? .null
        let me = Int64(getuid())
        func step(_ status: String, _ extra: JSONObject = [:]) async throws -> JSONValue {
            var parameters: JSONObject = ["plan_id": id, "status": .string(status)]
            for (key, value) in extra { parameters[key] = value }
            return try await p.call(PlanFixture.setStatus, .object(parameters))
        }
        func refused(_ status: String, _ extra: JSONObject = [:]) async -> VarlinkError? {
            let before = try? p.footprint(p.f.dpi)
            var parameters: JSONObject = ["plan_id": id, "status": .string(status)]
            for (key, value) in extra { parameters[key] = value }
            let error = await p.failure(PlanFixture.setStatus, .object(parameters))
            #expect((try? p.footprint(p.f.dpi)) == before, "a refused step changed something")
            return error
        }
        let decision: JSONObject = ["council_decision_number": "12/3", "council_decision_date": "2019-06-10"]

        // Skipping community agreement is refused, and leaves no trace.
        let skip = await refused("council_approved", decision)
        #expect(skip?.name == "io.trainingd.Plans.InvalidTransition")
        #expect(skip?.parameters["from"] == "drafting" && skip?.parameters["to"] == "council_approved" && skip?.parameters["plan_id"] == id)

        let agreed = try await step("community_agreed", ["date": "2019-05-20", "note": "Public hearing in the club, 84 residents"])
        #expect(agreed["previous_status"] == "drafting" && agreed["plan"]?["status"] == "community_agreed")
        #expect(agreed["plan"]?["status_date"] == "2019-05-20")
        // The same status again changes nothing.
        let repeated = try await step("community_agreed", ["date": "2019-05-21"])
        #expect(repeated["previous_status"] == "community_agreed" && repeated["plan"]?["status_date"] == "2019-05-20")
        #expect(try p.footprint(p.f.dpi) == [2, 2, 2])

        #expect(await refused("council_approved")?.name == "io.trainingd.Plans.CouncilDecisionRequired")
        let half = await refused("council_approved", ["council_decision_number": "12/3"])
        #expect(half?.name == "io.trainingd.Plans.CouncilDecisionRequired" && half?.parameters["plan_id"] == id)
        let early = await refused("council_approved", ["council_decision_number": "12/3", "council_decision_date": "2019-05-10"])
        #expect(early?.name == "io.trainingd.System.InvalidField" && early?.parameters["field"] == "date")
        let stray = await refused("implementing", ["council_decision_number": "12/3"])
        #expect(stray?.name == "io.trainingd.System.InvalidField" && stray?.parameters["field"] == "council_decision_number")
        let future = await refused("council_approved", ["council_decision_number": "12/3", "council_decision_date": "2999-01-01"])
        #expect(future?.parameters["field"] == "council_decision_date")

        let approved = try await step("council_approved", decision)
        #expect(approved["plan"]?["status_date"] == "2019-06-10")
        #expect(approved["plan"]?["council_decision"] == ["number": "12/3", "date": "2019-06-10"])
        let back = await refused("community_agreed")
        #expect(back?.name == "io.trainingd.Plans.InvalidTransition" && back?.parameters["from"] == "council_approved")
        #expect(try await step("implementing", ["date": "2019-07-01"])["previous_status"] == "council_approved")
        let undo = await refused("community_agreed")
        #expect(undo?.name == "io.trainingd.Plans.InvalidTransition")
        #expect(undo?.parameters["from"] == "implementing" && undo?.parameters["to"] == "community_agreed")
        let done = try await step("completed", ["date": "2021-12-31"])
        #expect(done["plan"]?["status"] == "completed" && done["plan"]?["council_decision"]?["number"] == "12/3")
        for status in ["drafting", "community_agreed", "council_approved", "implementing", "abandoned"] {
            let final = await refused(status)
            #expect(final?.name == "io.trainingd.Plans.InvalidTransition" && final?.parameters["from"] == "completed", "\(status)")
        }

        // The history shows every step with its date, recorder and decision.
        let detail = try await p.call(PlanFixture.get, ["plan_id": id])
        let history = detail["history"]?.arrayValue ?? []
        #expect(history.map { $0["from"] ?? .null } == [.null, "drafting", "community_agreed", "council_approved", "implementing"])
        #expect(history.map { $0["to"] ?? .null } == ["drafting", "community_agreed", "council_approved", "implementing", "completed"])
        #expect(history.map { $0["date"] ?? .null } == ["2019-04-17", "2019-05-20", "2019-06-10", "2019-07-01", "2021-12-31"])
        #expect(history.allSatisfy { $0["by_uid"] == .int(me) && $0["recorded_at"]?.stringValue?.hasSuffix("Z") == true })
        #expect(history[1]["note"] == "Public hearing in the club, 84 residents")
        #expect(history[2]["council_decision"] == ["number": "12/3", "date": "2019-06-10"] && history[3]["council_decision"] == nil)

        // Exactly one audit row per change, naming the caller.
        let audit = try p.audit(id)
        #expect(audit.map(\.method) == [PlanFixture.link, PlanFixture.setStatus, PlanFixture.setStatus, PlanFixture.setStatus, PlanFixture.setStatus])
        #expect(audit.allSatisfy { $0.uid == me })
        let after = try p.f.owner.query("""
            SELECT after->>'status' AS status, before->>'status' AS before FROM audit_log
            WHERE object_id = \(id.stringValue ?? "") AND method = \(PlanFixture.setStatus) ORDER BY id
            """).rows.map { "\(try $0.decode("before", as: String.self))>\(try $0.decode("status", as: String.self))" }
        #expect(after == ["drafting>community_agreed", "community_agreed>council_approved", "council_approved>implementing", "implementing>completed"])
        let kinds = try p.f.owner.query("""
            SELECT kind, plan_status FROM change_log WHERE plan_id = \((UUID(uuidString: id.stringValue ?? "") ?? UUID())) ORDER BY seq
            """).rows.map { "\(try $0.decode("kind", as: String.self)):\(try $0.decode("plan_status", as: String.self))" }
        #expect(kinds == ["plan_linked:drafting", "plan_status_changed:community_agreed", "plan_status_changed:council_approved",
                          "plan_status_changed:implementing", "plan_status_changed:completed"])

        let unknown = await p.failure(PlanFixture.setStatus, ["plan_id": .string(UUID().uuidString), "status": "abandoned"])
        #expect(unknown?.name == "io.trainingd.Plans.PlanNotFound")
        let malformed = await p.failure(PlanFixture.get, ["plan_id": "plan-1"])
        #expect(malformed?.name == "io.trainingd.System.InvalidField" && malformed?.parameters["field"] == "plan_id")
        #expect(await p.f.daemon.terminate() == 0)
    }

    @Test func itemsAreCreatedReplacedRetriedTotalledAndLocked() async throws {
        let p = try await PlanFixture.start(prefix: "planitems")
        let id = try await p.link(PlanFixture.venue)["plan"]?["plan_id"] ?? .null
        let water = UUID()
        let road = UUID()
        let items: JSONValue = ["plan_id": id, "items": [
            PlanFixture.item("Repair the pipeline", id: water, local: 150_000, community: 50_000, donor: 800_000,
                             extra: ["due_date": "2020-09-30", "status": "in_progress", "progress_percent": 30]),
            PlanFixture.item("Gravel the road to the school", id: road, local: 40_000, community: 10_000),
        ]]
        let added = try await p.call(PlanFixture.addItems, items)
        #expect(added["created"] == 2 && added["replaced"] == 0)
        #expect(added["items"]?.arrayValue?.map { $0["number"] ?? .null } == [1, 2])
        #expect(added["items"]?[0]?["item_id"] == .string(water.uuidString.lowercased()))
        #expect(added["items"]?[0]?["budget"] == ["local_budget": 150_000, "community": 50_000, "donor": 800_000, "total": 1_000_000])
        #expect(added["items"]?[1]?["status"] == "planned" && added["items"]?[1]?["progress_percent"] == 0)
        #expect(added["plan"]?["items"] == 2)
        #expect(added["plan"]?["budget"] == ["local_budget": 190_000, "community": 60_000, "donor": 800_000, "total": 1_050_000])

        // The same call again (a retry): replaced, nothing added.
        let retried = try await p.call(PlanFixture.addItems, items)
        #expect(retried["created"] == 0 && retried["replaced"] == 2 && retried["plan"]?["items"] == 2)
        #expect(retried["items"]?.arrayValue?.map { $0["number"] ?? .null } == [1, 2])

        // Progress monitoring: the pipeline done (progress 100 by default), the road dropped, a new item.
        let monitored = try await p.call(PlanFixture.addItems, ["plan_id": id, "items": [
            PlanFixture.item("Repair the pipeline", id: water, local: 150_000, community: 50_000, donor: 800_000,
                             extra: ["status": "done", "progress_note": "Water since 1 Sept"]),
            PlanFixture.item("Gravel the road to the school", id: road, local: 40_000, community: 10_000, extra: ["status": "dropped"]),
            PlanFixture.item("Street lights", donor: 25_000),
        ]])
        #expect(monitored["created"] == 1 && monitored["replaced"] == 2)
        #expect(monitored["items"]?[0]?["progress_percent"] == 100 && monitored["items"]?[2]?["number"] == 3)
        #expect(monitored["plan"]?["items"] == 2)
        #expect(monitored["plan"]?["budget"] == ["local_budget": 150_000, "community": 50_000, "donor": 825_000, "total": 1_025_000])
        let detail = try await p.call(PlanFixture.get, ["plan_id": id])
        #expect(detail["items"]?.arrayValue?.map { $0["status"] ?? .null } == ["done", "dropped", "planned"])
        #expect(detail["items"]?[0]?["progress_note"] == "Water since 1 Sept")

        // Bad items name their path; nothing is written.
        let before = try p.footprint(p.f.dpi)
        let itemCount = try p.f.count("action_plan_item", p.f.dpi)
        let empty = await p.failure(PlanFixture.addItems, ["plan_id": id, "items": [PlanFixture.item("Fine"), PlanFixture.item(" ")]])
        #expect(empty?.name == "io.trainingd.System.InvalidField" && empty?.parameters["field"] == "items[1].activity")
        let money = await p.failure(PlanFixture.addItems, ["plan_id": id, "items": [PlanFixture.item("Fine", donor: -5)]])
        #expect(money?.parameters["field"] == "items[0].donor")
        let none = await p.failure(PlanFixture.addItems, ["plan_id": id, "items": []])
        #expect(none?.parameters["field"] == "items")
        let many = await p.failure(PlanFixture.addItems, ["plan_id": id, "items": .array(Array(repeating: PlanFixture.item("x"), count: 501))])
        #expect(many?.name == "io.trainingd.System.InvalidField" && many?.parameters["field"] == "items")
        // An item of another plan cannot be taken over.
        let other = try await p.link(PlanFixture.lenin)["plan"]?["plan_id"] ?? .null
        let stolen = await p.failure(PlanFixture.addItems, ["plan_id": other, "items": [PlanFixture.item("Mine now", id: road)]])
        #expect(stolen?.name == "io.trainingd.System.InvalidField" && stolen?.parameters["field"] == "items[0].item_id")
        #expect(try p.f.count("action_plan_item", p.f.dpi) == itemCount)
        #expect(try p.footprint(p.f.dpi) == [before[0] + 1, before[1] + 1, before[2] + 1])  // only the second plan's link

        // 500 items in one call is the limit, numbered in order.
        let bulk = try await p.call(PlanFixture.addItems, ["plan_id": other, "items": .array((1...500).map {
            PlanFixture.item("Activity \($0)", local: 1_000)
        })])
        #expect(bulk["created"] == 500 && bulk["plan"]?["items"] == 500 && bulk["plan"]?["budget"]?["total"] == 500_000)
        #expect(bulk["items"]?[499]?["number"] == 500 && bulk["items"]?[499]?["activity"] == "Activity 500")

        // The largest amounts add up without overflow: 500 items of 3 * 10^12 som would be 1.5 * 10^15.
        let top = 1_000_000_000_000
        let rich = try await p.call(PlanFixture.addItems, ["plan_id": other, "items": [
            PlanFixture.item("Big", local: top, community: top, donor: top),
        ]])
        #expect(rich["items"]?[0]?["budget"]?["total"] == .int(3 * Int64(top)))
        #expect(rich["plan"]?["budget"]?["total"] == .int(3 * Int64(top) + 500_000) && rich["plan"]?["items"] == 501)
        let over = await p.failure(PlanFixture.addItems, ["plan_id": other, "items": [PlanFixture.item("Bigger", local: top + 1)]])
        #expect(over?.parameters["field"] == "items[0].local_budget")

        // Each AddPlanItems left exactly one audit row.
        #expect(try p.audit(id).map(\.method) == [PlanFixture.link, PlanFixture.addItems, PlanFixture.addItems, PlanFixture.addItems])

        // Once abandoned, items are locked.
        _ = try await p.call(PlanFixture.setStatus, ["plan_id": id, "status": "abandoned"])
        let locked = await p.failure(PlanFixture.addItems, ["plan_id": id, "items": [PlanFixture.item("Too late")]])
        #expect(locked?.name == "io.trainingd.Plans.PlanLocked" && locked?.parameters["status"] == "abandoned")
        #expect(locked?.parameters["plan_id"] == id)
        #expect(await p.f.daemon.terminate() == 0)
    }
}
