import Foundation
import Postgres
import TrainingCore
import TrainingStore

/// The training of 16 April 2019 in Gülchö (DESIGN §1) and helpers shared by the event store
/// suites. Codes from sql/data/kg-municipalities-2019.csv.
enum EventTestFixtures {
    static let gulcho = "41706207814000"  // venue, Alai district
    static let bulolu = "41706207811000"  // target, Alai district
    static let chongAlai = "41706259851000"  // target, Chong-Alai district
    static let kashkaSuu = "41706259824000"  // neighbour, Chong-Alai district
    static let lenin = "41706207830000"  // neighbour, Alai district
    static let budalyk = "41706207809000"  // neighbour (Buudalyk), Alai district
    static let osh = "41706000000000"
    static let alai = "41706207000000"
    static let chongAlaiDistrict = "41706259000000"
    static let naryn = "41704000000000"
    static let chuy = "41708000000000"
    /// A municipality of Chüy oblast (Lenin aiyl aimak, Alamüdün district).
    static let leninChuy = "41708203834000"

    static func day(_ text: String) -> Day { try! Day(iso: text, field: "day") }

    static func gulchoFields(code: String = "OSH-2019-04-GULCHO") -> EventFields {
        EventFields(
            code: code, title: "Joint planning of actions of the local community and LSG bodies",
            modules: ["The essence and types of the SEDP", "Developing the joint action plan (JAP)"],
            venue: gulcho, settlement: "Гүлчө", firstDay: day("2019-04-16"), lastDay: day("2019-04-16"),
            capacity: 30, trainers: ["LSG specialist"], funder: "SDC")
    }

    static let gulchoInvitations: [InvitationRequest] = [
        InvitationRequest(municipality: bulolu, role: .target), InvitationRequest(municipality: chongAlai, role: .target),
        InvitationRequest(municipality: kashkaSuu, role: .neighbour), InvitationRequest(municipality: lenin, role: .neighbour),
        InvitationRequest(municipality: budalyk, role: .neighbour),
    ]

    static func tenant(_ db: StoreTestDatabase, _ slug: String) async throws -> Tenant {
        try await SystemStore(database: db.database).createTenant(slug: try TenantSlug(slug), name: "Tenant \(slug)", byUID: 0)
    }

    /// Count of rows of `table` for `tenant` matching `condition`-free filters, as the owner.
    static func count(_ c: PGConnection, _ query: PGQuery) throws -> Int {
        try c.query(query)[0].decode("n", as: Int.self)
    }

    /// Adds people with waitlisted (or other) registrations to an event, in arrival order, as
    /// the owner (registrations are another area's business; these tests only need rows).
    @discardableResult
    static func register(_ c: PGConnection, tenant: UUID, event: UUID, statuses: [String]) throws -> [UUID] {
        var people: [UUID] = []
        for (index, status) in statuses.enumerated() {
            let person = UUID()
            try c.execute("""
                INSERT INTO person (tenant_id, id, full_name, name_key, sex, category)
                VALUES (\(tenant), \(person), \("Участник \(index)"), \("участник \(index)"), 'female', 'other')
                """)
            try c.execute("""
                INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, cancelled_at)
                VALUES (\(tenant), \(event), \(person), \(status), 'manual', 'other', \(status == "cancelled" ? Date() : nil))
                """)
            people.append(person)
        }
        return people
    }
}
