import Foundation
import TrainingCore
import Testing

@Suite("Indicator definition rules")
struct IndicatorRulesTests {
    func draft(code: String = "SDC-GOV-1", title: String = "Local authorities trained", unit: IndicatorUnit = .persons,
               filters: IndicatorFilters = IndicatorFilters(), disaggregations: [IndicatorDimension] = []) -> IndicatorDefinition {
        IndicatorDefinition(code: code, title: title, unit: unit, countingRule: .uniquePerPeriod, filters: filters,
                            disaggregations: disaggregations)
    }

    func fieldOf(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as ValidationError { return error.field } catch { return "other: \(error)" }
        return nil
    }

    @Test func codesAreOneToSixtyFourLettersDigitsDashUnderscoreDot() throws {
        for good in ["A", "SDC-GOV-1", "a.b_c-9", String(repeating: "x", count: 64)] {
            #expect(try IndicatorRules.validate(draft(code: good)).code == good)
        }
        for bad in ["", String(repeating: "x", count: 65), "SDC GOV", "код", "a/b", "a+b"] {
            #expect(fieldOf { _ = try IndicatorRules.validate(draft(code: bad)) } == "code", "\(bad)")
        }
    }

    @Test func titleIsTrimmedAndLimitedDescriptionToo() throws {
        #expect(try IndicatorRules.validate(draft(title: "  Citizens trained ")).title == "Citizens trained")
        #expect(fieldOf { _ = try IndicatorRules.validate(draft(title: "   ")) } == "title")
        #expect(fieldOf { _ = try IndicatorRules.validate(draft(title: String(repeating: "т", count: 301))) } == "title")
        var withDescription = draft()
        withDescription.description = String(repeating: "d", count: 2001)
        #expect(fieldOf { _ = try IndicatorRules.validate(withDescription) } == "description")
        withDescription.description = String(repeating: "d", count: 2000)
        #expect(try IndicatorRules.validate(withDescription).description?.count == 2000)
    }

    @Test func sinceMustBeWithinTheSchemaRange() throws {
        #expect(IndicatorRules.earliestDay.description == "1990-01-01")
        #expect(IndicatorRules.latestDay.description == "2100-12-31")
        var early = draft()
        early.since = IndicatorRules.earliestDay.adding(days: -1)
        #expect(fieldOf { _ = try IndicatorRules.validate(early) } == "since")
        early.since = IndicatorRules.earliestDay
        #expect(try IndicatorRules.validate(early).since == IndicatorRules.earliestDay)
    }

    @Test func disaggregationsAtMostFiveEachOnce() throws {
        let five: [IndicatorDimension] = [.sex, .oblast, .district, .month, .category]
        #expect(try IndicatorRules.validate(draft(disaggregations: five)).disaggregations == five)
        #expect(fieldOf { _ = try IndicatorRules.validate(draft(disaggregations: five + [.year])) } == "disaggregations")
        #expect(fieldOf { _ = try IndicatorRules.validate(draft(disaggregations: [.sex, .oblast, .sex])) } == "disaggregations[2]")
    }

    @Test func placesRefuseSexAgeAndCategory() throws {
        for unit in [IndicatorUnit.municipalities, .plans] {
            for dimension in IndicatorDimension.allCases {
                let attempt = draft(unit: unit, disaggregations: [dimension])
                if [.sex, .ageBand, .category].contains(dimension) {
                    #expect(throws: IndicatorDimensionNotApplicable(dimension: dimension, unit: unit)) { try IndicatorRules.validate(attempt) }
                } else {
                    #expect(try IndicatorRules.validate(attempt).unit == unit)
                }
            }
        }
        #expect(try IndicatorRules.validate(draft(unit: .participations, disaggregations: [.sex, .ageBand, .category])).unit == .participations)
    }

    @Test func filtersAreCheckedWithTheirPaths() {
        func field(_ filters: IndicatorFilters, unit: IndicatorUnit = .persons) -> String? {
            fieldOf { _ = try IndicatorRules.validate(draft(unit: unit, filters: filters)) }
        }
        #expect(field(IndicatorFilters(categories: [.councilChair, .jmegMember, .councilChair])) == "filters.categories[2]")
        #expect(field(IndicatorFilters(categories: [])) == "filters.categories")
        #expect(field(IndicatorFilters(oblasts: ["41706000000000", "417060"])) == "filters.oblasts[1]")
        #expect(field(IndicatorFilters(municipalities: ["x"])) == "filters.municipalities[0]")
        #expect(field(IndicatorFilters(events: ["GOV-1", ""])) == "filters.events[1]")
        #expect(field(IndicatorFilters(minDaysPresent: 0)) == "filters.min_days_present")
        #expect(field(IndicatorFilters(planStatuses: [.councilApproved])) == "filters.plan_statuses")
        #expect(field(IndicatorFilters(planStatuses: [.councilApproved]), unit: .municipalities) == nil)
        #expect(field(IndicatorFilters(planStatuses: [.councilApproved]), unit: .plans) == nil)
        #expect(field(IndicatorFilters(sexes: [.female]), unit: .plans) == "filters.sexes")
        #expect(field(IndicatorFilters(minDaysPresent: 2), unit: .plans) == "filters.min_days_present")
        #expect(field(IndicatorFilters(categories: [.councilChair], minDaysPresent: 2), unit: .municipalities) == nil)
    }

    @Test func filtersRoundTripThroughTheirStoredJSON() throws {
        let filters = IndicatorFilters(categories: [.aiylOkmotuHead], inviteRoles: [.target, .venue], sexes: [.notRecorded],
                                       oblasts: ["41706000000000"], events: ["0b2c1c9e-7f7e-4c1e-9a8e-4b8b8c7d6e5f"],
                                       minDaysPresent: 2, planStatuses: [.councilApproved, .implementing])
        let data = try JSONEncoder().encode(filters)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"invite_roles\":[\"target\",\"venue\"]"))
        #expect(text.contains("\"plan_statuses\":[\"council_approved\",\"implementing\"]"))
        #expect(text.contains("\"min_days_present\":2"))
        #expect(!text.contains("districts"))
        #expect(try JSONDecoder().decode(IndicatorFilters.self, from: data) == filters)
    }

    @Test func ageBandsLabelAndValidate() throws {
        let bands = IndicatorAgeBands.standard
        #expect(bands.label(age: 17) == "0-17")
        #expect(bands.label(age: 18) == "18-29")
        #expect(bands.label(age: 59) == "45-59")
        #expect(bands.label(age: 60) == "60+")
        #expect(bands.label(age: nil) == "unknown")
        #expect(bands.bands.map(\.label) == ["0-17", "18-29", "30-44", "45-59", "60+"])
        #expect(bands.label(age: -3) == "unknown")
        #expect(throws: ValidationError.self) { try IndicatorAgeBands([18, 30]) }
        #expect(fieldOf { _ = try IndicatorAgeBands([0, 30, 30]) } == "age_bands[2]")
        #expect(try IndicatorAgeBands([0, 35]).label(age: 40) == "35+")
    }

    @Test func windowsFollowTheCountingRule() throws {
        let since = try Day(iso: "2019-01-01", field: "d"), from = try Day(iso: "2020-01-01", field: "d")
        let to = try Day(iso: "2020-12-31", field: "d")
        #expect(IndicatorWindow(rule: .uniquePerPeriod, since: since, periodFrom: from, periodTo: to) == IndicatorWindow(from: from, to: to))
        #expect(IndicatorWindow(rule: .cumulative, since: since, periodFrom: from, periodTo: to) == IndicatorWindow(from: since, to: to))
        #expect(IndicatorWindow(rule: .cumulative, since: nil, periodFrom: from, periodTo: to).from == nil)
        // 2026-11-26 20:00 UTC is already the 27th in Bishkek.
        let evening = Date(timeIntervalSince1970: try Day(iso: "2026-11-26", field: "d").date.timeIntervalSince1970 + 20 * 3_600)
        #expect(IndicatorWindow.today(now: evening).description == "2026-11-27")
    }
}
