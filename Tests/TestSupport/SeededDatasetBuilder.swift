import Foundation

/// Builds a `SeededDataset` from its parameters: the random choices, in a fixed order.
struct SeededDatasetBuilder {
    let parameters: SeededDataset.Parameters
    let places: [SeededDataset.Place]
    var random: SeededDatasetRandom
    var events: [SeededDataset.Event] = []
    var people: [SeededDataset.Person] = []
    var registrations: [SeededDataset.Registration] = []
    var marks: [SeededDataset.Mark] = []
    var plans: [SeededDataset.Plan] = []
    /// People by home municipality.
    private var residents: [String: [Int]] = [:]

    init(parameters: SeededDataset.Parameters, places: [SeededDataset.Place]) {
        self.parameters = parameters
        self.places = places
        random = SeededDatasetRandom(seed: parameters.seed)
    }

    mutating func build() {
        for index in 0..<parameters.people { addPerson(index) }
        for index in 0..<parameters.events { addEvent(index) }
        addPlans()
    }

    private mutating func addPerson(_ index: Int) {
        let roll = random.int(0...99)
        let sex = roll < 46 ? "female" : roll < 92 ? "male" : "not_recorded"
        let home = random.chance(0.06) ? nil : random.pick(places).code
        let person = SeededDataset.Person(
            id: random.uuid(), name: "Person \(index) Seeded", sex: sex,
            birthYear: random.chance(0.1) ? nil : random.int(1945...2008), category: random.pick(SeededDataset.categories), home: home)
        if let home { residents[home, default: []].append(people.count) }
        people.append(person)
    }

    private mutating func addEvent(_ index: Int) {
        let venue = random.pick(places)
        let neighbours = places.filter { $0.oblast == venue.oblast && $0.code != venue.code }
        var invitations: [String: String] = [:]
        if random.chance(0.3) { invitations[venue.code] = "target" }
        for _ in 0..<random.int(1...3) { invitations[random.pick(neighbours).code] = "target" }
        for _ in 0..<random.int(0...3) {
            let code = random.pick(neighbours).code
            if invitations[code] == nil { invitations[code] = "neighbour" }
        }
        let first = SeededDatasetDay.ordinal(2018, 1, 1) + random.int(0...(4 * 365))
        let statusRoll = random.int(0...99)
        let status = statusRoll < 8 ? "cancelled" : statusRoll < 45 ? "held" : statusRoll < 80 ? "closed"
            : SeededDataset.eventStatuses[[0, 1, 2, 6][random.int(0...3)]]
        let event = SeededDataset.Event(
            id: random.uuid(), code: "SEED-\(index + 1)", title: "Seeded training \(index + 1)", venue: venue.code,
            firstDay: first, lastDay: first + random.int(0...4), status: status, invitations: invitations)
        events.append(event)
        register(eventIndex: events.count - 1)
    }

    /// Participants mostly from the invited municipalities, some from the venue, some from
    /// anywhere; each with marks on (most of) the event's days.
    private mutating func register(eventIndex: Int) {
        let event = events[eventIndex]
        let invited = event.invitations.keys.sorted()
        var chosen = Set<Int>()
        for _ in 0..<random.int(parameters.participantsPerEvent) {
            let roll = random.int(0...99)
            let pool = roll < 70 ? residents[random.pick(invited)] : roll < 85 ? residents[event.venue] : nil
            let person = pool.flatMap { $0.isEmpty ? nil : random.pick($0) } ?? random.int(0...(people.count - 1))
            guard chosen.insert(person).inserted else { continue }
            let p = people[person]
            let statusRoll = random.int(0...99)
            registrations.append(SeededDataset.Registration(
                event: eventIndex, person: person,
                status: statusRoll < 90 ? "registered" : statusRoll < 95 ? "waitlisted" : "cancelled",
                category: random.chance(0.05) ? random.pick(SeededDataset.categories) : p.category,
                municipality: random.chance(0.03) ? nil : p.home))
            let registration = Int32(registrations.count - 1)
            for offset in 0..<event.days where !random.chance(0.05) {
                let roll = random.int(0...99)
                let status: UInt8 = roll < 72 ? 0 : roll < 80 ? 1 : roll < 93 ? 2 : 3
                marks.append(SeededDataset.Mark(registration: registration, offset: UInt8(offset), status: status))
            }
        }
    }

    /// Plans for some invited municipalities of events, with dated histories reaching every
    /// stage; some abandoned, before or after council approval.
    private mutating func addPlans() {
        var periodStarts = Set<String>()
        for (index, event) in events.enumerated() where event.status != "cancelled" {
            for code in event.invitations.keys.sorted() where random.chance(parameters.planShare) {
                var start = event.lastDay + 30
                while !periodStarts.insert("\(code)/\(start)").inserted { start += 1 }
                plans.append(SeededDataset.Plan(id: random.uuid(), municipality: code, event: index, periodStart: start,
                                                steps: history(from: event.lastDay + random.int(1...60))))
            }
        }
    }

    private mutating func history(from first: Int) -> [SeededDataset.PlanStep] {
        var steps = [SeededDataset.PlanStep(status: "drafting", day: first)]
        let forward = ["community_agreed", "council_approved", "implementing", "completed"]
        var day = first
        for status in forward {
            day += random.int(5...90)
            if random.chance(0.12) {
                steps.append(SeededDataset.PlanStep(status: "abandoned", day: day))
                return steps
            }
            guard random.chance(0.7) else { return steps }
            steps.append(SeededDataset.PlanStep(status: status, day: day))
        }
        return steps
    }
}
