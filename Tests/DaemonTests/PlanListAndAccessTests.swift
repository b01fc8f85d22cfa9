import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// ListPlans' filters, order and paging; roles; and tenant isolation of plans.
@Suite("Plans: listing, roles and tenants")
struct PlanListAndAccessTests {
    @Test func filtersOrderAndPaging() async throws {
        let p = try await PlanFixture.start(prefix: "planlist")
        // Linked in an order unlike the listing order.
        let ala = try await p.link(PlanFixture.alaArcha)["plan"]?["plan_id"]
        let chong = try await p.link(PlanFixture.chongAlai)["plan"]?["plan_id"]
        let gulchoLater = try await p.link(PlanFixture.venue, "2022-01-01", "2024-12-31")["plan"]?["plan_id"]
        let gulcho = try await p.link(PlanFixture.venue)["plan"]?["plan_id"]
        let bulolu = try await p.link(PlanFixture.bulolu)["plan"]?["plan_id"]
        _ = try await p.call(PlanFixture.setStatus, ["plan_id": bulolu ?? .null, "status": "community_agreed", "date": "2019-05-20"])
        _ = try await p.call(PlanFixture.setStatus, ["plan_id": ala ?? .null, "status": "abandoned", "date": "2019-05-20"])

        func ids(_ parameters: JSONObject) async throws -> (ids: [JSONValue], total: JSONValue?) {
            let reply = try await p.call(PlanFixture.list, .object(parameters))
            return ((reply["plans"]?.arrayValue ?? []).map { $0["plan_id"] ?? .null }, reply["total"])
        }
        // Osh (41706) before Chüy (41708); Alay district (…207…) before Chong-Alay (…259…); by code, then period.
        let all = try await ids([:])
        #expect(all.ids == [bulolu, gulcho, gulchoLater, chong, ala].map { $0 ?? .null })
        #expect(all.total == 5)
        #expect(try await ids(["oblast": "41708000000000"]).ids == [ala ?? .null])
        #expect(try await ids(["district": "41706259000000"]).ids == [chong ?? .null])
        #expect(try await ids(["municipality": .string(PlanFixture.venue)]).ids == [gulcho, gulchoLater].map { $0 ?? .null })
        #expect(try await ids(["status": ["community_agreed", "abandoned"]]).ids == [bulolu, ala].map { $0 ?? .null })
        #expect(try await ids(["event": "OSH-2019-04-GULCHO", "oblast": "41706000000000", "status": ["drafting"]]).total == 3)
        #expect(try await ids(["event": .string(p.event.uuidString)]).total == 5)
        #expect(try await ids(["event": "DRAFT-1"]).total == 0)
        let page = try await ids(["limit": 2, "offset": 1])
        #expect(page.ids == [gulcho, gulchoLater].map { $0 ?? .null } && page.total == 5)
        let past = try await ids(["limit": 2, "offset": 10])
        #expect(past.ids.isEmpty && past.total == 5)

        // The listed plan carries its municipality, event and totals.
        let listed = try await p.call(PlanFixture.list, ["municipality": .string(PlanFixture.alaArcha)])["plans"]?[0]
        #expect(listed?["municipality"]?["oblast"] == "41708000000000" && listed?["municipality"]?["district"] == "41708203000000")
        #expect(listed?["status"] == "abandoned" && listed?["event"]?["code"] == "OSH-2019-04-GULCHO" && listed?["budget"]?["total"] == 0)

        let unknownOblast = await p.failure(PlanFixture.list, ["oblast": "41799000000000"])
        #expect(unknownOblast?.name == "io.trainingd.Plans.AreaNotFound" && unknownOblast?.parameters["field"] == "oblast")
        #expect(unknownOblast?.parameters["code"] == "41799000000000")
        let unknownDistrict = await p.failure(PlanFixture.list, ["district": "41706999000000"])
        #expect(unknownDistrict?.name == "io.trainingd.Plans.AreaNotFound" && unknownDistrict?.parameters["field"] == "district")
        let unknownPlace = await p.failure(PlanFixture.list, ["municipality": "41706999999000"])
        #expect(unknownPlace?.name == "io.trainingd.Plans.MunicipalityNotFound")
        let unknownEvent = await p.failure(PlanFixture.list, ["event": "NOPE-1"])
        #expect(unknownEvent?.name == "io.trainingd.Plans.EventNotFound" && unknownEvent?.parameters["event"] == "NOPE-1")
        #expect(await p.failure(PlanFixture.list, ["limit": 1001])?.parameters["field"] == "limit")
        #expect(await p.failure(PlanFixture.list, ["offset": -1])?.parameters["field"] == "offset")
        #expect(await p.failure(PlanFixture.list, ["oblast": "417"])?.parameters["field"] == "oblast")
        #expect(await p.f.daemon.terminate() == 0)
    }

    @Test func viewersReadCoordinatorsWriteAndTenantsAreIsolated() async throws {
        let p = try await PlanFixture.start(prefix: "planaccess", arguments: ["--socket-mode", "0666"])
        let id = try await p.link(PlanFixture.venue)["plan"]?["plan_id"] ?? .null
        let plan = id.stringValue ?? ""
        let outsider = AccessTests.outsider
        #expect(try await AccessTests.trainingctl(p.f.daemon, ["--tenant", "dpi", "grant", String(outsider), "viewer"]).status == 0)

        // A viewer reads but cannot link, step or add items.
        let shown = try await AccessTests.trainingctl(p.f.daemon, as: outsider, ["plan", "show", plan, "--json"])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(try JSONParser.parse(shown.output)["plan"]?["plan_id"] == id)
        #expect(try await AccessTests.trainingctl(p.f.daemon, as: outsider, ["plan", "list"]).status == 0)
        let before = try p.footprint(p.f.dpi)
        for arguments in [["plan", "link", PlanFixture.bulolu, "OSH-2019-04-GULCHO", "--start", "2019-05-01", "--end", "2019-12-31"],
                          ["plan", "status", plan, "community_agreed"],
                          ["plan", "items", plan, "--issue", "Water", "--activity", "Pipe", "--responsible", "AO"]] {
            let refused = try await AccessTests.trainingctl(p.f.daemon, as: outsider, arguments)
            #expect(refused.status == 77, "\(refused.output)")
            #expect(refused.output.contains("permission denied") && refused.output.contains("coordinator"), "\(refused.output)")
        }
        #expect(try p.footprint(p.f.dpi) == before)
        #expect(try p.f.count("action_plan", p.f.dpi) == 1)

        // Tenant rival does not see dpi's plan, by any method.
        for method in [PlanFixture.get, PlanFixture.setStatus, PlanFixture.addItems] {
            var parameters: JSONObject = ["tenant": "rival", "plan_id": id]
            if method == PlanFixture.setStatus { parameters["status"] = "abandoned" }
            if method == PlanFixture.addItems { parameters["items"] = [PlanFixture.item("Theirs")] }
            let hidden = await p.failure(method, .object(parameters))
            #expect(hidden?.name == "io.trainingd.Plans.PlanNotFound" && hidden?.parameters["plan_id"] == id, "\(method)")
        }
        #expect(try await p.call(PlanFixture.list, ["tenant": "rival"])["total"] == 0)
        let foreignEvent = await p.failure(PlanFixture.link, ["tenant": "rival", "municipality": .string(PlanFixture.venue),
                                                              "event": "OSH-2019-04-GULCHO", "period_start": "2019-05-01", "period_end": "2019-12-31"])
        #expect(foreignEvent?.name == "io.trainingd.Plans.EventNotFound")
        let byUUID = await p.failure(PlanFixture.list, ["tenant": "rival", "event": .string(p.event.uuidString)])
        #expect(byUUID?.name == "io.trainingd.Plans.EventNotFound")
        #expect(try p.footprint(p.f.rival) == [0, 0, 0])
        #expect(try p.f.count("action_plan", p.f.rival) == 0)
        #expect(try await p.call(PlanFixture.get, ["plan_id": id])["plan"]?["status"] == "drafting")
        #expect(await p.f.daemon.terminate() == 0)
    }
}
