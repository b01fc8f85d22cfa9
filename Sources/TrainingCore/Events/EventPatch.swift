/// A partial update of an event (UpdateEvent): only the fields given change, and `clear`
/// removes optional ones. Field values are validated as they are read; the patch checks what
/// spans fields.
public struct EventPatch: Sendable, Equatable {
    public var code: String?
    public var title: String?
    public var modules: [String]?
    public var venue: String?
    public var settlement: String?
    public var firstDay: Day?
    public var lastDay: Day?
    public var capacity: Int?
    public var trainers: [String]?
    public var funder: String?
    public var notes: String?
    /// In the order given, so an error can name `clear[i]`.
    public var clear: [ClearableField]

    public init(code: String? = nil, title: String? = nil, modules: [String]? = nil, venue: String? = nil,
                settlement: String? = nil, firstDay: Day? = nil, lastDay: Day? = nil, capacity: Int? = nil,
                trainers: [String]? = nil, funder: String? = nil, notes: String? = nil, clear: [ClearableField] = []) {
        self.code = code
        self.title = title
        self.modules = modules
        self.venue = venue
        self.settlement = settlement
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.capacity = capacity
        self.trainers = trainers
        self.funder = funder
        self.notes = notes
        self.clear = clear
    }

    /// Refuses a field both given and cleared: which one the caller meant is unknowable.
    public func validate() throws(ValidationError) {
        for (index, field) in clear.enumerated() {
            let given = switch field {
            case .settlement: settlement != nil
            case .capacity: capacity != nil
            case .funder: funder != nil
            case .notes: notes != nil
            }
            if given {
                throw ValidationError(field: "clear[\(index)]", reason: "\(field.rawValue) is also given; a field may not be both given and cleared")
            }
        }
    }

    /// `fields` with this patch applied, checked as a whole (the dates).
    public func applied(to fields: EventFields) throws(ValidationError) -> EventFields {
        try validate()
        var result = fields
        if let code { result.code = code }
        if let title { result.title = title }
        if let modules { result.modules = modules }
        if let venue { result.venue = venue }
        if let settlement { result.settlement = settlement }
        if let firstDay { result.firstDay = firstDay }
        if let lastDay { result.lastDay = lastDay }
        if let capacity { result.capacity = capacity }
        if let trainers { result.trainers = trainers }
        if let funder { result.funder = funder }
        if let notes { result.notes = notes }
        for field in clear {
            switch field {
            case .settlement: result.settlement = nil
            case .capacity: result.capacity = nil
            case .funder: result.funder = nil
            case .notes: result.notes = nil
            }
        }
        // Blame the date the caller sent: last_day when given, else first_day.
        try EventRules.checkDays(first: result.firstDay, last: result.lastDay, field: lastDay != nil || firstDay == nil ? "last_day" : "first_day")
        return result
    }
}
