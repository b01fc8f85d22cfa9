/// The measures of a group or of the total of a Participation report
/// (io.trainingd.Reports.Measures). Persons are counted once per group, participations
/// (person-event pairs) each time; sex is the person's, so women + men + notRecorded equals
/// uniquePersons, and the *Participations equal participations.
public struct ParticipationMeasures: Sendable, Equatable {
    public var events = 0
    public var participations = 0
    public var uniquePersons = 0
    public var women = 0
    public var men = 0
    public var notRecorded = 0
    public var womenParticipations = 0
    public var menParticipations = 0
    public var notRecordedParticipations = 0
    /// Distinct participant municipalities (participants without one not counted).
    public var municipalities = 0

    public init(events: Int = 0, participations: Int = 0, uniquePersons: Int = 0, women: Int = 0, men: Int = 0,
                notRecorded: Int = 0, womenParticipations: Int = 0, menParticipations: Int = 0,
                notRecordedParticipations: Int = 0, municipalities: Int = 0) {
        self.events = events
        self.participations = participations
        self.uniquePersons = uniquePersons
        self.women = women
        self.men = men
        self.notRecorded = notRecorded
        self.womenParticipations = womenParticipations
        self.menParticipations = menParticipations
        self.notRecordedParticipations = notRecordedParticipations
        self.municipalities = municipalities
    }

    /// women / uniquePersons, 0 when there are none.
    public var womenShare: Double { Share.of(women, uniquePersons) }
}
