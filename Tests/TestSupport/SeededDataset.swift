import Foundation
import Postgres

/// A deterministic, parametric training dataset (events in Osh, Naryn and Chüy, people trained
/// repeatedly, multi-day attendance, invitations, plans with dated histories), kept in memory
/// so tests can recount reports independently of the SQL under test, and loaded into a tenant
/// with COPY. The same seed and parameters always build the same data.
public struct SeededDataset: Sendable {
    public struct Parameters: Sendable {
        public var events: Int
        public var people: Int
        public var seed: UInt64
        /// Share of (event, invited municipality) pairs with participants that get a plan.
        public var planShare: Double
        /// Registrations per event (each with a mark on most of the event's 1 to 5 days): the
        /// default makes about 55 marks per event; 100...170 about 400 (2,000,000 for 5,000
        /// events).
        public var participantsPerEvent: ClosedRange<Int>

        public init(events: Int = 300, people: Int = 4_000, seed: UInt64 = 2019, planShare: Double = 0.45,
                    participantsPerEvent: ClosedRange<Int> = 8...30) {
            self.events = events
            self.people = people
            self.seed = seed
            self.planShare = planShare
            self.participantsPerEvent = participantsPerEvent
        }
    }

    /// A municipality of the gazetteer.
    public struct Place: Sendable, Hashable {
        public var code: String
        public var district: String?
        public var oblast: String
    }

    public struct Event: Sendable {
        public var id: UUID
        public var code: String
        public var title: String
        public var venue: String
        public var firstDay: Int
        public var lastDay: Int
        public var status: String
        /// Municipality code -> "target" | "neighbour".
        public var invitations: [String: String]
        public var days: Int { lastDay - firstDay + 1 }
    }

    public struct Person: Sendable {
        public var id: UUID
        public var name: String
        public var sex: String
        public var birthYear: Int?
        public var category: String
        public var home: String?
    }

    public struct Registration: Sendable {
        public var event: Int
        public var person: Int
        public var status: String
        public var category: String
        public var municipality: String?
    }

    /// One attendance mark: registration index, day offset in the event, status.
    public struct Mark: Sendable {
        public var registration: Int32
        public var offset: UInt8
        public var status: UInt8
    }

    public static let markStatuses = ["present", "late", "absent", "excused"]

    public struct PlanStep: Sendable {
        public var status: String
        public var day: Int
    }

    public struct Plan: Sendable {
        public var id: UUID
        public var municipality: String
        public var event: Int
        public var periodStart: Int
        public var steps: [PlanStep]
    }

    public static let oblasts = ["41704000000000", "41706000000000", "41708000000000"]
    public static let categories = [
        "aiyl_okmotu_head", "aiyl_okmotu_deputy_head", "responsible_secretary", "aiyl_okmotu_specialist",
        "council_chair", "council_deputy", "initiative_group_member", "jmeg_member", "other",
    ]
    public static let eventStatuses = ["draft", "scheduled", "in_progress", "held", "closed", "cancelled", "postponed"]

    public let parameters: Parameters
    public let places: [String: Place]
    public var events: [Event] = []
    public var people: [Person] = []
    public var registrations: [Registration] = []
    public var marks: [Mark] = []
    public var plans: [Plan] = []

    /// The municipalities of Osh, Naryn and Chüy oblasts, from the gazetteer.
    public static func places(_ c: PGConnection) throws -> [Place] {
        try c.query("""
            SELECT code, district_code, oblast_code FROM municipality WHERE oblast_code = ANY(\(oblasts)) ORDER BY code
            """).rows.map { Place(code: try $0.decode("code"), district: try $0.decode("district_code", as: String?.self),
                                  oblast: try $0.decode("oblast_code")) }
    }

    public init(parameters: Parameters = Parameters(), places: [Place]) {
        self.parameters = parameters
        self.places = Dictionary(uniqueKeysWithValues: places.map { ($0.code, $0) })
        var builder = SeededDatasetBuilder(parameters: parameters, places: places)
        builder.build()
        events = builder.events
        people = builder.people
        registrations = builder.registrations
        marks = builder.marks
        plans = builder.plans
    }
}
