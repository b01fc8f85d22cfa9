/// The measures of a participation group or total (io.trainingd.Reports.Measures).
public struct Measures: Sendable, Equatable {
    public var events: Int
    public var participations: Int
    public var uniquePersons: Int
    public var women: Int
    public var men: Int
    public var notRecorded: Int
    public var womenShare: Double
    public var womenParticipations: Int
    public var menParticipations: Int
    public var notRecordedParticipations: Int
    public var municipalities: Int

    public init(events: Int, participations: Int, uniquePersons: Int, women: Int, men: Int, notRecorded: Int,
                womenShare: Double, womenParticipations: Int, menParticipations: Int,
                notRecordedParticipations: Int, municipalities: Int) {
        self.events = events
        self.participations = participations
        self.uniquePersons = uniquePersons
        self.women = women
        self.men = men
        self.notRecorded = notRecorded
        self.womenShare = womenShare
        self.womenParticipations = womenParticipations
        self.menParticipations = menParticipations
        self.notRecordedParticipations = notRecordedParticipations
        self.municipalities = municipalities
    }

    init(_ field: ReplyField) throws(ReportDecodingError) {
        self.init(events: try field["events"].int(), participations: try field["participations"].int(),
                  uniquePersons: try field["unique_persons"].int(), women: try field["women"].int(),
                  men: try field["men"].int(), notRecorded: try field["not_recorded"].int(),
                  womenShare: try field["women_share"].double(),
                  womenParticipations: try field["women_participations"].int(),
                  menParticipations: try field["men_participations"].int(),
                  notRecordedParticipations: try field["not_recorded_participations"].int(),
                  municipalities: try field["municipalities"].int())
    }
}
