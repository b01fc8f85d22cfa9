import Foundation
import TrainingCore
import Testing

@Suite("Attendance rules")
struct AttendanceRulesTests {
    let first = try! Day(iso: "2019-04-16", field: "day")
    let last = try! Day(iso: "2019-04-17", field: "day")

    func facts(_ entry: Int, _ day: Day, exists: Bool = true, registration: RegistrationStatus? = .registered, walkIn: Bool = false) -> AttendanceRules.EntryFacts {
        AttendanceRules.EntryFacts(entry: entry, day: day, personExists: exists, registrationStatus: registration, walkIn: walkIn)
    }

    @Test func attendanceIsTakenOnlyWhileScheduledInProgressOrHeld() {
        let ok = [facts(0, first)]
        for status in EventStatus.allCases {
            let problem = AttendanceRules.firstProblem(eventStatus: status, firstDay: first, lastDay: last, entries: ok)
            if [.scheduled, .inProgress, .held].contains(status) {
                #expect(problem == nil, "\(status)")
            } else {
                #expect(problem == .eventNotOpen(status: status), "\(status)")
            }
        }
    }

    @Test func daysOutsideTheEventAreRefusedNamingTheEntry() {
        let before = first.adding(days: -1), after = last.adding(days: 1)
        #expect(AttendanceRules.firstProblem(eventStatus: .held, firstDay: first, lastDay: last, entries: [facts(0, first), facts(1, after)])
                == .dayOutsideEvent(entry: 1, day: after, firstDay: first, lastDay: last))
        #expect(AttendanceRules.firstProblem(eventStatus: .held, firstDay: first, lastDay: last, entries: [facts(0, before)])
                == .dayOutsideEvent(entry: 0, day: before, firstDay: first, lastDay: last))
        #expect(AttendanceRules.firstProblem(eventStatus: .held, firstDay: first, lastDay: last, entries: [facts(0, first), facts(1, last)]) == nil)
    }

    @Test func theFirstBadEntryWinsWhateverItsKind() {
        // Entries arrive in any order; the lowest index is reported.
        let entries = [facts(2, first, exists: false), facts(1, first, registration: nil), facts(0, first)]
        #expect(AttendanceRules.firstProblem(eventStatus: .inProgress, firstDay: first, lastDay: last, entries: entries)
                == .notRegistered(entry: 1, registrationStatus: nil))
        #expect(AttendanceRules.firstProblem(eventStatus: .inProgress, firstDay: first, lastDay: last, entries: [facts(0, first, exists: false)])
                == .personNotFound(entry: 0))
    }

    @Test func onlyAnActiveRegistrationOrAWalkInMayBeMarked() {
        for status in [RegistrationStatus.waitlisted, .cancelled] {
            #expect(AttendanceRules.firstProblem(eventStatus: .held, firstDay: first, lastDay: last, entries: [facts(0, first, registration: status)])
                    == .notRegistered(entry: 0, registrationStatus: status))
            let walkIn = facts(0, first, registration: status, walkIn: true)
            #expect(AttendanceRules.firstProblem(eventStatus: .held, firstDay: first, lastDay: last, entries: [walkIn]) == nil)
            #expect(walkIn.needsWalkInRegistration)
        }
        #expect(!facts(0, first, walkIn: true).needsWalkInRegistration)
        #expect(AttendanceRules.walkInStatuses == [.present, .late])
    }

    @Test func aPersonAndDayMayAppearOnceACall() {
        let a = UUID(), b = UUID()
        #expect(AttendanceRules.firstRepeat([(a, first), (a, last), (b, first)]) == nil)
        let repeated = AttendanceRules.firstRepeat([(a, first), (b, first), (a, last), (b, first)])
        #expect(repeated?.first == 1 && repeated?.repeated == 3)
    }

    @Test func resultsOfAnEntry() {
        #expect(AttendanceEntryResult.classify(previous: nil, new: .present) == .recorded)
        #expect(AttendanceEntryResult.classify(previous: .present, new: .present) == .unchanged)
        #expect(AttendanceEntryResult.classify(previous: .absent, new: .late) == .updated)
        #expect(AttendanceStatus.present.countsAsAttended && AttendanceStatus.late.countsAsAttended)
        #expect(!AttendanceStatus.excused.countsAsAttended && !AttendanceStatus.absent.countsAsAttended)
    }
}
