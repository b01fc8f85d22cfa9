/// A Participation report asked for, with every parameter checked (the wire's values, already
/// typed). Events are still references (codes or uuids): the store resolves them.
public struct ParticipationRequest: Sendable, Equatable {
    /// The filter; its eventIDs are filled in by the store from `eventReferences`.
    public var filter: ParticipationFilter
    public var eventReferences: [String]?
    public var groupBy: [ReportDimension]
    public var ageBands: IndicatorAgeBands

    /// At most this many group_by dimensions.
    public static let maxDimensions = 5

    public struct Input: Sendable {
        public var from: String?
        public var to: String?
        public var oblasts: [String]?
        public var districts: [String]?
        public var municipalities: [String]?
        public var events: [String]?
        public var categories: [PersonCategory]?
        public var inviteRoles: [MunicipalityRole]?
        public var eventStatuses: [EventStatus]?
        public var groupBy: [ReportDimension]?
        public var minDaysPresent: Int64?
        public var ageBands: [Int64]?
        public var geography: GeographyBasis?

        public init() {}
    }

    public init(_ input: Input) throws(ValidationError) {
        let from = try input.from.map { text throws(ValidationError) in try Day(iso: text, field: "from") }
        let to = try input.to.map { text throws(ValidationError) in try Day(iso: text, field: "to") }
        if let from, let to, to < from { throw ValidationError(field: "to", reason: "must not be before from (\(from)), got \(to)") }
        let minDays = input.minDaysPresent ?? 1
        guard minDays >= 1 else { throw ValidationError(field: "min_days_present", reason: "must be at least 1, got \(minDays)") }
        filter = ParticipationFilter(
            from: from, to: to,
            oblasts: try Self.codes(input.oblasts, field: "oblasts"),
            districts: try Self.codes(input.districts, field: "districts"),
            municipalities: try Self.codes(input.municipalities, field: "municipalities"),
            categories: input.categories, inviteRoles: input.inviteRoles,
            eventStatuses: input.eventStatuses ?? ParticipationFilter.defaultEventStatuses,
            minDaysPresent: Int(clamping: min(minDays, Int64(Int32.max))), geography: input.geography ?? .participant)
        eventReferences = try Self.references(input.events)
        groupBy = try Self.dimensions(input.groupBy ?? [])
        ageBands = try input.ageBands.map { bounds throws(ValidationError) in
            try IndicatorAgeBands(bounds.map { Int(clamping: $0) }, field: "age_bands")
        } ?? .standard
    }

    static func codes(_ codes: [String]?, field: String) throws(ValidationError) -> [String]? {
        guard let codes else { return nil }
        var checked: [String] = []
        for (index, code) in codes.enumerated() { checked.append(try SOATECode.validate(code, field: "\(field)[\(index)]")) }
        return checked
    }

    static func references(_ events: [String]?) throws(ValidationError) -> [String]? {
        guard let events else { return nil }
        for (index, reference) in events.enumerated() where reference.isEmpty || reference.count > 64 {
            throw ValidationError(field: "events[\(index)]", reason: "must be an event code or uuid, got '\(reference.prefix(40))'")
        }
        return events
    }

    static func dimensions(_ dimensions: [ReportDimension]) throws(ValidationError) -> [ReportDimension] {
        guard dimensions.count <= maxDimensions else {
            throw ValidationError(field: "group_by", reason: "at most \(maxDimensions) dimensions allowed, got \(dimensions.count)")
        }
        for (index, dimension) in dimensions.enumerated() where dimensions[..<index].contains(dimension) {
            throw ValidationError(field: "group_by[\(index)]", reason: "\(dimension.rawValue) is already grouped by")
        }
        return dimensions
    }
}
