import ArgumentParser

/// io.trainingd.People.Sex as the person and register commands accept it.
enum SexArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case female
    case male
    case notRecorded = "not_recorded"
}

/// io.trainingd.People.Category as the person and register commands accept it.
enum CategoryArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case aiylOkmotuHead = "aiyl_okmotu_head"
    case aiylOkmotuDeputyHead = "aiyl_okmotu_deputy_head"
    case responsibleSecretary = "responsible_secretary"
    case aiylOkmotuSpecialist = "aiyl_okmotu_specialist"
    case councilChair = "council_chair"
    case councilDeputy = "council_deputy"
    case initiativeGroupMember = "initiative_group_member"
    case jmegMember = "jmeg_member"
    case other
}

/// io.trainingd.Registrations.RegistrationStatus, for `registrations --status`.
enum RegistrationStatusArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case registered
    case waitlisted
    case cancelled
}

/// io.trainingd.Registrations.RegistrationSource, for `registrations --source` and `register --source`.
enum RegistrationSourceArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case manual
    case `import`
    case walkIn = "walk_in"
}

/// A yes/no option value (`--disability yes`), so "not recorded" stays expressible by omission.
enum YesNoArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case yes
    case no

    var bool: Bool { self == .yes }
}
