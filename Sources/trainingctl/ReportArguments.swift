import ArgumentParser

/// io.trainingd.Reports.MunicipalityRole as a command-line value.
enum MunicipalityRoleArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case target, neighbour, venue, other
}

/// io.trainingd.Reports.GeographyBasis as a command-line value.
enum GeographyArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case participant, venue
}

/// io.trainingd.Reports.PlanStatus as a command-line value.
enum PlanStatusArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case drafting, implementing, completed, abandoned
    case communityAgreed = "community_agreed"
    case councilApproved = "council_approved"
}

/// io.trainingd.Reports.IndicatorUnit as a command-line value.
enum IndicatorUnitArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case persons, participations, municipalities, plans
}

/// io.trainingd.Reports.CountingRule as a command-line value.
enum CountingRuleArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case cumulative
    case uniquePerPeriod = "unique_per_period"
}

/// io.trainingd.Reports.Dimension names, for `--group-by` and `--disaggregate`.
enum ReportDimension {
    static let all = ["oblast", "district", "municipality", "event", "category", "invite_role", "sex", "age_band",
                      "month", "quarter", "year"]
}
