/// A participant's function, as the donor reports it (DESIGN §4). Registrations keep the
/// category a person had when registering, so reports of past events do not shift.
public enum PersonCategory: String, Sendable, CaseIterable, Codable {
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
