import Foundation
import Postgres
import TestSupport
import Varlink

/// A small tenant built by hand for the indicator tests: trainings in Osh and Naryn (and a
/// cancelled one in Chüy), a person trained twice, multi-day events with partial presence, a
/// participant without a municipality, one from a city outside any district, and plans at
/// several stages. The expected figures are derived from these structures in Swift
/// (`IndicatorExpectation`), never from SQL.
struct IndicatorScenario {
    static let osh = "41706000000000", naryn = "41704000000000", chuy = "41708000000000"
    static let alay = "41706207000000", akTalaa = "41704210000000", alamudun = "41708203000000"
    static let gulcho = "41706207814000", bulolu = "41706207811000", budalyk = "41706207809000"
    static let akTal = "41704210806000", akChiy = "41704210808000", narynCity = "41704400000010"
    static let akDobo = "41708203803000"

    /// Oblast and district (nil: a city outside any district) of each municipality used.
    static let places: [String: (oblast: String, district: String?)] = [
        gulcho: (osh, alay), bulolu: (osh, alay), budalyk: (osh, alay),
        akTal: (naryn, akTalaa), akChiy: (naryn, akTalaa), narynCity: (naryn, nil), akDobo: (chuy, alamudun),
    ]

    struct Event {
        var code: String
        var first: String
        var days: Int
        var status: String
        var venue: String
        var invitations: [String: String]
    }

    struct Person {
        var name: String
        var sex: String
        var birthYear: Int?
    }

    /// A registration with its marks: `days` lists (day offset, status).
    struct Participation {
        var person: Int
        var event: String
        var category: String
        var municipality: String?
        var marks: [(Int, String)]
    }

    struct Plan {
        var municipality: String
        var event: String
        var steps: [(String, String)]
    }

    static let events = [
        Event(code: "IND-OSH-1", first: "2019-04-16", days: 2, status: "held", venue: gulcho,
              invitations: [bulolu: "target", budalyk: "neighbour"]),
        Event(code: "IND-NAR-1", first: "2019-06-10", days: 3, status: "held", venue: akTal,
              invitations: [akTal: "target", akChiy: "target"]),
        Event(code: "IND-CHUY-X", first: "2019-09-01", days: 1, status: "cancelled", venue: akDobo, invitations: [akDobo: "target"]),
        Event(code: "IND-OSH-2", first: "2020-03-03", days: 1, status: "closed", venue: gulcho, invitations: [bulolu: "target"]),
        Event(code: "IND-NAR-2", first: "2020-05-05", days: 2, status: "held", venue: narynCity, invitations: [:]),
    ]

    static let people = [
        Person(name: "Айнура Токтогулова", sex: "female", birthYear: 1975),
        Person(name: "Бакыт Осмонов", sex: "male", birthYear: 1990),
        Person(name: "Чолпон Асанова", sex: "female", birthYear: nil),
        Person(name: "Данияр Садыков", sex: "male", birthYear: 1985),
        Person(name: "Элнура Жумабекова", sex: "female", birthYear: 2001),
        Person(name: "Фархад Исаев", sex: "not_recorded", birthYear: 1960),
        Person(name: "Гульнара Бекова", sex: "female", birthYear: 1970),
        Person(name: "Хусейн Алиев", sex: "male", birthYear: 1950),
        Person(name: "Искра Маматова", sex: "female", birthYear: 1995),
        Person(name: "Жылдыз Орозова", sex: "female", birthYear: 1980),
        Person(name: "Канат Усенов", sex: "male", birthYear: 1988),
    ]

    static let participations = [
        Participation(person: 0, event: "IND-OSH-1", category: "aiyl_okmotu_head", municipality: bulolu, marks: [(0, "present"), (1, "present")]),
        Participation(person: 0, event: "IND-OSH-2", category: "aiyl_okmotu_head", municipality: bulolu, marks: [(0, "late")]),
        Participation(person: 1, event: "IND-OSH-1", category: "council_deputy", municipality: budalyk, marks: [(0, "present"), (1, "absent")]),
        Participation(person: 2, event: "IND-OSH-1", category: "jmeg_member", municipality: bulolu, marks: [(0, "late"), (1, "present")]),
        Participation(person: 3, event: "IND-NAR-1", category: "responsible_secretary", municipality: akTal,
                      marks: [(0, "present"), (1, "present"), (2, "present")]),
        Participation(person: 4, event: "IND-NAR-1", category: "initiative_group_member", municipality: akChiy,
                      marks: [(0, "present"), (1, "excused"), (2, "absent")]),
        Participation(person: 5, event: "IND-NAR-1", category: "other", municipality: nil, marks: [(0, "present"), (2, "present")]),
        Participation(person: 6, event: "IND-NAR-1", category: "council_chair", municipality: akChiy,
                      marks: [(0, "present"), (1, "present"), (2, "late")]),
        Participation(person: 6, event: "IND-NAR-2", category: "council_chair", municipality: narynCity, marks: [(1, "present")]),
        Participation(person: 7, event: "IND-CHUY-X", category: "aiyl_okmotu_specialist", municipality: akDobo, marks: [(0, "present")]),
        Participation(person: 8, event: "IND-NAR-2", category: "initiative_group_member", municipality: narynCity,
                      marks: [(0, "present"), (1, "present")]),
        Participation(person: 9, event: "IND-OSH-1", category: "aiyl_okmotu_deputy_head", municipality: gulcho, marks: [(1, "present")]),
        Participation(person: 10, event: "IND-OSH-2", category: "council_deputy", municipality: bulolu, marks: [(0, "absent")]),
    ]

    static let plans = [
        Plan(municipality: bulolu, event: "IND-OSH-1", steps: [
            ("drafting", "2019-04-20"), ("community_agreed", "2019-05-15"), ("council_approved", "2019-06-20"), ("implementing", "2020-01-10"),
        ]),
        Plan(municipality: akChiy, event: "IND-NAR-1", steps: [
            ("drafting", "2019-06-15"), ("community_agreed", "2019-08-01"), ("council_approved", "2020-02-14"),
        ]),
        Plan(municipality: akTal, event: "IND-NAR-1", steps: [("drafting", "2019-06-15")]),
        Plan(municipality: budalyk, event: "IND-OSH-1", steps: [("drafting", "2019-05-01"), ("abandoned", "2019-10-01")]),
    ]

    static func day(_ text: String, plus days: Int = 0) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: formatter.date(from: text)!.addingTimeInterval(Double(days) * 86_400))
    }

    static func event(_ code: String) -> Event { events.first { $0.code == code }! }

    /// Writes the scenario into `tenant` as the database owner.
    static func seed(_ owner: PGConnection, tenant: UUID) throws {
        var eventIDs: [String: UUID] = [:]
        for event in events {
            let id = UUID()
            eventIDs[event.code] = id
            try owner.execute("""
                INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
                VALUES (\(tenant), \(id), \(event.code), \("Биргелешкен пландоо " + event.code), \(event.venue),
                        \(event.first)::date, \(day(event.first, plus: event.days - 1))::date, 40, \(event.status))
                """)
            for (municipality, role) in event.invitations {
                try owner.execute("""
                    INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role) VALUES (\(tenant), \(id), \(municipality), \(role))
                    """)
            }
        }
        var personIDs: [UUID] = []
        for person in people {
            let id = UUID()
            personIDs.append(id)
            try owner.execute("""
                INSERT INTO person (tenant_id, id, full_name, name_key, sex, birth_year, category)
                VALUES (\(tenant), \(id), \(person.name), \(person.name.lowercased()), \(person.sex), \(person.birthYear), 'other')
                """)
        }
        for p in participations {
            let event = eventIDs[p.event]!, person = personIDs[p.person]
            try owner.execute("""
                INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code)
                VALUES (\(tenant), \(event), \(person), 'registered', 'manual', \(p.category), \(p.municipality))
                """)
            for (offset, status) in p.marks {
                try owner.execute("""
                    INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
                    VALUES (\(tenant), \(event), \(person), \(day(Self.event(p.event).first, plus: offset))::date, \(status), 0)
                    """)
            }
        }
        for plan in plans { try seed(owner, tenant: tenant, plan, event: eventIDs[plan.event]!) }
    }

    private static func seed(_ owner: PGConnection, tenant: UUID, _ plan: Plan, event: UUID) throws {
        let id = UUID()
        let (last, lastDay) = plan.steps.last!
        let reachedApproval = plan.steps.contains { $0.0 == "council_approved" } && last != "abandoned"
        let decision: String? = reachedApproval ? "12-3" : nil
        let decisionDate: String? = reachedApproval ? plan.steps.first { $0.0 == "council_approved" }!.1 : nil
        try owner.execute("""
            INSERT INTO action_plan (tenant_id, id, municipality_code, event_id, period_start, period_end, status, status_date,
                                     council_decision_number, council_decision_date, created_by)
            VALUES (\(tenant), \(id), \(plan.municipality), \(event), '2019-07-01'::date, '2021-06-30'::date, \(last), \(lastDay)::date,
                    \(decision), \(decisionDate)::date, 0)
            """)
        var previous: String?
        for (seq, (status, date)) in plan.steps.enumerated() {
            let approval = status == "council_approved"
            try owner.execute("""
                INSERT INTO action_plan_status (tenant_id, plan_id, seq, from_status, status, step_date, recorded_by,
                                                council_decision_number, council_decision_date)
                VALUES (\(tenant), \(id), \(seq + 1), \(previous), \(status), \(date)::date, 0,
                        \(approval ? "12-3" : nil), \(approval ? date : nil)::date)
                """)
            previous = status
        }
    }
}
