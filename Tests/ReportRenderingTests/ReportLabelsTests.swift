import ReportRendering
import Testing

@Suite("Labels in en, ru and ky")
struct ReportLabelsTests {
    /// Every enum value of io.trainingd.Reports that a report can print.
    static let enumValues: [String: [String]] = [
        "sex": ["female", "male", "not_recorded"],
        "category": ["aiyl_okmotu_head", "aiyl_okmotu_deputy_head", "responsible_secretary", "aiyl_okmotu_specialist",
                     "council_chair", "council_deputy", "initiative_group_member", "jmeg_member", "other"],
        "invite_role": ["target", "neighbour", "venue", "other"],
        "event_status": ["draft", "scheduled", "in_progress", "held", "closed", "cancelled", "postponed"],
        "plan_status": ["drafting", "community_agreed", "council_approved", "implementing", "completed", "abandoned"],
        "dimension": ["oblast", "district", "municipality", "event", "category", "invite_role", "sex", "age_band",
                      "month", "quarter", "year"],
        "unit": ["persons", "participations", "municipalities", "plans"],
        "counting_rule": ["unique_per_period", "cumulative"],
    ]

    @Test(arguments: ReportLanguage.allCases)
    func everyEnumValueHasALabel(_ language: ReportLanguage) {
        let labels = ReportLabels(language)
        for (kind, values) in Self.enumValues {
            for value in values {
                let label = labels.enumValue(kind, value)
                #expect(label != value && !label.isEmpty, "\(language) \(kind).\(value)")
            }
        }
    }

    @Test func languagesDiffer() {
        #expect(ReportLabels(.en).enumValue("sex", "female") == "Women")
        #expect(ReportLabels(.ru).enumValue("sex", "female") == "Женщины")
        #expect(ReportLabels(.ky).enumValue("sex", "female") == "Аялдар")
        #expect(ReportLabels(.ru).enumValue("category", "jmeg_member") == "Член ГСМО")
        #expect(ReportLabels(.ky).enumValue("category", "jmeg_member") == "БМжБТ мүчөсү")
        #expect(ReportLabels(.ky).enumValue("dimension", "oblast") == "Облус")
    }

    @Test func anUnknownValueShowsItself() {
        #expect(ReportLabels(.ru).enumValue("category", "astronaut") == "astronaut")
    }

    @Test func placeNamesFallBackToRussian() {
        let names = PlaceNames(ru: "Нарынская область")
        #expect(names.name(in: .en) == "Нарынская область")
        #expect(names.name(in: .ky) == "Нарынская область")
        let osh = PlaceNames(ru: "Ошская область", ky: "Ош облусу", en: "Osh oblast")
        #expect(osh.name(in: .en) == "Osh oblast")
        #expect(osh.name(in: .ky) == "Ош облусу")
        #expect(osh.name(in: .ru) == "Ошская область")
    }

    @Test func summaryIsTranslated() {
        let total = Measures(events: 1, participations: 26, uniquePersons: 26, women: 12, men: 14, notRecorded: 0,
                             womenShare: 12.0 / 26.0, womenParticipations: 12, menParticipations: 14,
                             notRecordedParticipations: 0, municipalities: 5)
        #expect(ParticipationTabulation.summary(total, ReportLabels(.en)) == "26 participants, 12 women (46.2%)")
        #expect(ParticipationTabulation.summary(total, ReportLabels(.ru)) == "26 участников, из них 12 женщин (46.2%)")
        #expect(ParticipationTabulation.summary(total, ReportLabels(.ky)) == "26 катышуучу, анын ичинде 12 аял (46.2%)")
    }
}
