import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// Reads RecordAttendance's `entries` into store input, checking what needs no database: the
/// IDL validator has already checked JSON types and enum values, so what remains is
/// exactly-one-of, uuids, real dates, the walk-in status rule and the inline person's fields.
/// Every error names its parameter path, e.g. `entries[4].day`.
struct AttendanceEntryParser {
    /// Bounds an inline person's birth year.
    let currentYear: Int

    init(currentYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date())) {
        self.currentYear = currentYear
    }

    func parse(_ entries: [JSONValue]) throws -> [AttendanceMarkInput] {
        try entries.enumerated().map { index, value in try parse(value, at: "entries[\(index)]") }
    }

    func parse(_ value: JSONValue, at path: String) throws -> AttendanceMarkInput {
        func field(_ name: String) -> JSONValue? {
            guard let value = value[name], !value.isNull else { return nil }
            return value
        }
        let day = try Day(iso: field("day")?.stringValue ?? "", field: "\(path).day")
        guard let status = field("status")?.stringValue.flatMap(AttendanceStatus.init(rawValue:)) else {
            throw VarlinkError.invalidParameter("\(path).status")
        }
        let walkIn = field("walk_in")?.boolValue ?? false
        let subject: AttendanceMarkInput.Subject
        switch (field("person_id"), field("person")) {
        case (let id?, nil):
            guard let text = id.stringValue, let uuid = UUID(text: text) else {
                throw ValidationError(field: "\(path).person_id", reason: "must be a uuid, got '\(id.stringValue?.prefix(40) ?? "")'")
            }
            subject = .person(uuid)
        case (nil, let person?):
            subject = .newPerson(try draft(person, at: "\(path).person."), allowDuplicate: field("allow_duplicate")?.boolValue ?? false)
        case (nil, nil):
            throw ValidationError(field: "\(path).person_id", reason: "give person_id or person (a walk-in)")
        case (_?, _?):
            throw ValidationError(field: "\(path).person", reason: "give either person_id or person, not both")
        }
        let mark = AttendanceMarkInput(subject: subject, day: day, status: status, walkIn: walkIn)
        if mark.walkIn && !AttendanceRules.walkInStatuses.contains(status) {
            throw ValidationError(field: "\(path).status", reason: "a walk-in came, so is present or late, not \(status.rawValue)")
        }
        return mark
    }

    /// An inline walk-in, by the rules of io.trainingd.People.AddPerson.
    private func draft(_ person: JSONValue, at prefix: String) throws -> PersonDraft {
        guard let name = person["full_name"]?.stringValue else { throw VarlinkError.invalidParameter(prefix + "full_name") }
        guard let sex = person["sex"]?.stringValue.flatMap(Sex.init(rawValue:)) else { throw VarlinkError.invalidParameter(prefix + "sex") }
        guard let category = person["category"]?.stringValue.flatMap(PersonCategory.init(rawValue:)) else {
            throw VarlinkError.invalidParameter(prefix + "category")
        }
        return try PersonDraft(
            fullName: name, sex: sex, birthYear: person["birth_year"]?.intValue, disability: person["disability"]?.boolValue,
            category: category, municipality: person["municipality"]?.stringValue, phone: person["phone"]?.stringValue,
            prefix: prefix, currentYear: currentYear)
    }
}
