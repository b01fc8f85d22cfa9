import Testing
@testable import TrainingCore

@Suite struct ParticipationKeysTests {
    static let keys = ParticipationKeys(ageBands: .standard, places: [
        "41706207811000": .init(district: "41706207000000", oblast: "41706000000000"),
        "41711000000000": .init(district: nil, oblast: "41711000000000"),
    ])

    @Test func placesComeFromTheGazetteer() {
        let k = Self.keys
        #expect(k.value(.oblast, raw: "41706207811000") == "41706000000000")
        #expect(k.value(.district, raw: "41706207811000") == "41706207000000")
        #expect(k.value(.municipality, raw: "41706207811000") == "41706207811000")
        // A city outside any district; a code the gazetteer does not know; no place at all.
        #expect(k.value(.district, raw: "41711000000000") == nil)
        #expect(k.value(.oblast, raw: "41711000000000") == "41711000000000")
        for dimension in [ReportDimension.oblast, .district, .municipality] {
            #expect(k.value(dimension, raw: "41799999999000") == nil)
            #expect(k.value(dimension, raw: nil) == nil)
        }
    }

    @Test func timesAreMonthsQuartersAndYearsOfTheFirstDay() {
        let k = Self.keys
        #expect(k.value(.month, raw: "2019-04-16") == "2019-04")
        #expect(k.value(.year, raw: "2019-04-16") == "2019")
        #expect(["2019-01-31", "2019-03-01", "2019-04-01", "2019-06-30", "2019-07-01", "2019-12-31"].map { k.value(.quarter, raw: $0) }
                == ["2019-Q1", "2019-Q1", "2019-Q2", "2019-Q2", "2019-Q3", "2019-Q4"])
    }

    @Test func ageBandsAsTheLabelsOfTheBands() throws {
        let k = Self.keys
        #expect(["0", "17", "18", "44", "45", "60", "99"].map { k.value(.ageBand, raw: $0) } == ["0-17", "0-17", "18-29", "30-44", "45-59", "60+", "60+"])
        #expect(k.value(.ageBand, raw: nil) == IndicatorAgeBands.unknown)
        #expect(k.value(.ageBand, raw: "-3") == IndicatorAgeBands.unknown)
        let two = ParticipationKeys(ageBands: try IndicatorAgeBands([0, 35], field: "age_bands"), places: [:])
        #expect(two.value(.ageBand, raw: "34") == "0-34")
        #expect(two.value(.ageBand, raw: "35") == "35+")
    }

    @Test func enumsAndEventsAreTheirOwnValues() {
        #expect(Self.keys.value(.sex, raw: "not_recorded") == "not_recorded")
        #expect(Self.keys.value(.event, raw: "OSH-2019-04-GULCHO") == "OSH-2019-04-GULCHO")
        #expect(Self.keys.value(.category, raw: nil) == nil)
        #expect(ParticipationKeys.rawColumn(.quarter) == .firstDay && ParticipationKeys.rawColumn(.district) == .place)
    }
}
