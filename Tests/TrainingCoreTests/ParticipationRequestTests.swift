import Foundation
import TrainingCore
import Testing

@Suite("Participation request and group order")
struct ParticipationRequestTests {
    func refusal(_ edit: (inout ParticipationRequest.Input) -> Void) -> String? {
        var input = ParticipationRequest.Input()
        edit(&input)
        do {
            _ = try ParticipationRequest(input)
            return nil
        } catch {
            return error.field
        }
    }

    @Test func defaultsAreTheIDLs() throws {
        let request = try ParticipationRequest(ParticipationRequest.Input())
        #expect(request.filter.eventStatuses == [.draft, .scheduled, .inProgress, .held, .closed, .postponed])
        #expect(request.filter.minDaysPresent == 1 && request.filter.geography == .participant)
        #expect(request.ageBands.lowerBounds == [0, 18, 30, 45, 60] && request.groupBy.isEmpty)
    }

    @Test func everyBadParameterNamesItsField() {
        #expect(refusal { $0.groupBy = [.sex, .oblast, .sex] } == "group_by[2]")
        #expect(refusal { $0.groupBy = [.sex, .oblast, .month, .year, .event, .category] } == "group_by")
        #expect(refusal { $0.ageBands = [18, 30] } == "age_bands")
        #expect(refusal { $0.ageBands = [0, 30, 30] } == "age_bands[2]")
        #expect(refusal { $0.minDaysPresent = 0 } == "min_days_present")
        #expect(refusal { $0.from = "2020-01-01"; $0.to = "2019-12-31" } == "to")
        #expect(refusal { $0.to = "2019-13-01" } == "to")
        #expect(refusal { $0.districts = ["41706207000000", "41706"] } == "districts[1]")
        #expect(refusal { $0.events = ["SEED-1", ""] } == "events[1]")
        #expect(refusal { $0.groupBy = [.oblast, .district, .municipality, .event, .sex]; $0.from = "2019-01-01"; $0.to = "2019-01-01" } == nil)
    }

    @Test func keysSortCodesAscendingEnumsDeclaredAndUnknownLast() {
        func keys(_ dimension: ReportDimension, _ values: [String?]) -> [String?] {
            values.map { ParticipationGroupKey(dimension: dimension, value: $0) }.sorted(by: ParticipationGroupKey.precedes).map(\.value)
        }
        #expect(keys(.sex, ["not_recorded", "male", "female"]) == ["female", "male", "not_recorded"])
        #expect(keys(.inviteRole, ["other", "venue", "target", "neighbour"]) == ["target", "neighbour", "venue", "other"])
        #expect(keys(.ageBand, ["unknown", "60+", "0-17", "18-29"]) == ["0-17", "18-29", "60+", "unknown"])
        #expect(keys(.district, [nil, "41706259000000", "41706207000000"]) == ["41706207000000", "41706259000000", nil])
        #expect(keys(.quarter, ["2020-Q1", "2019-Q4", "2019-Q2"]) == ["2019-Q2", "2019-Q4", "2020-Q1"])
        let a = [ParticipationGroupKey(dimension: .oblast, value: "41706000000000"), ParticipationGroupKey(dimension: .sex, value: "male")]
        let b = [ParticipationGroupKey(dimension: .oblast, value: "41706000000000"), ParticipationGroupKey(dimension: .sex, value: "female")]
        #expect(ParticipationGroupKey.precedes(b, a) && !ParticipationGroupKey.precedes(a, b))
    }

    @Test func womenShareIsZeroWithoutPersons() {
        #expect(ParticipationMeasures().womenShare == 0)
        #expect(ParticipationMeasures(uniquePersons: 4, women: 1, men: 3).womenShare == 0.25)
    }
}
