import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Attendance.EventStatistics: viewer; figures computed by `EventStatistics`.
struct EventStatisticsHandler: Sendable {
    let store: AttendanceStore
    let authorizer: Authorizer

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let reference = try p.string("event")
        var minDays: Int?
        if let requested = p.optionalInt("min_days_present") {
            guard requested >= 1 else {
                throw ServiceError.invalidField(field: "min_days_present", reason: "must be at least 1, got \(requested)")
            }
            minDays = Int(clamping: requested)
        }
        guard let report = try await store.statistics(tenant: tenant.id, event: reference, minDaysPresent: minDays) else {
            throw ServiceError.specific(name: "io.trainingd.Attendance.EventNotFound", parameters: ["event": .string(reference)])
        }
        return Self.render(report)
    }

    static func render(_ report: EventStatisticsReport) -> JSONValue {
        let s = report.statistics
        var reply: JSONObject = [
            "event_id": .string(report.eventID.lowercasedText),
            "event_code": .string(report.eventCode),
            "title": .string(report.title),
            "status": .string(report.status.rawValue),
            "first_day": .string(report.firstDay.description),
            "last_day": .string(report.lastDay.description),
            "days": .int(Int64(s.days)),
            "capacity": report.capacity.map { .int(Int64($0)) } ?? .null,
            "registered": .int(Int64(s.registered)),
            "waitlisted": .int(Int64(s.waitlisted)),
            "cancelled": .int(Int64(s.cancelled)),
            "walk_ins": .int(Int64(s.walkIns)),
            "attended": .int(Int64(s.attended.total)),
        ]
        addSexSplit(s.attended, to: &reply)
        reply["attendance_rate"] = .double(s.attendanceRate)
        reply["by_day"] = .array(s.byDay.map { day in
            var row: JSONObject = [
                "day": .string(day.day.description),
                "present": .int(Int64(day.present)), "late": .int(Int64(day.late)),
                "excused": .int(Int64(day.excused)), "absent": .int(Int64(day.absent)),
                "unmarked": .int(Int64(day.unmarked)), "attended": .int(Int64(day.attended.total)),
            ]
            addSexSplit(day.attended, to: &row)
            return .object(row)
        })
        reply["by_category"] = .array(s.byCategory.map { category in
            var row: JSONObject = [
                "category": .string(category.category.rawValue), "registered": .int(Int64(category.registered)),
                "attended": .int(Int64(category.attended.total)),
            ]
            addSexSplit(category.attended, to: &row)
            return .object(row)
        })
        reply["by_municipality"] = .array(s.byMunicipality.map { municipality in
            var row: JSONObject = [
                "municipality": municipality.municipality.flatMap { report.municipalities[$0] }.map(EventWire.municipality) ?? .null,
                "role": .string(municipality.role.rawValue), "registered": .int(Int64(municipality.registered)),
                "attended": .int(Int64(municipality.attended.total)),
            ]
            addSexSplit(municipality.attended, to: &row)
            return .object(row)
        })
        reply["by_role"] = .array(s.byRole.map { role in
            var row: JSONObject = [
                "role": .string(role.role.rawValue), "municipalities": .int(Int64(role.municipalities)),
                "registered": .int(Int64(role.registered)), "attended": .int(Int64(role.attended.total)),
            ]
            addSexSplit(role.attended, to: &row)
            return .object(row)
        })
        reply["computed_at"] = Wire.timestamp(report.computedAt)
        return .object(reply)
    }

    /// Adds women, men, not_recorded and women_share of a head count to a row.
    static func addSexSplit(_ split: SexSplit, to row: inout JSONObject) {
        row["women"] = .int(Int64(split.women))
        row["men"] = .int(Int64(split.men))
        row["not_recorded"] = .int(Int64(split.notRecorded))
        row["women_share"] = .double(split.womenShare)
    }
}
