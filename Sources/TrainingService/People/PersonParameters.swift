import Foundation
import Postgres
import TrainingCore
import UUIDText
import Varlink

/// Reading the person-shaped parameters of People and Registrations calls. The IDL validator
/// has already checked JSON types and enum values; what remains are the domain's rules.
enum PersonParameters {
    /// The current year, the upper bound of birth years.
    static var currentYear: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Bishkek") ?? TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: Date())
    }

    /// An enum-typed field of `object` (validated by the IDL, so a miss is a programming error).
    static func enumValue<E: RawRepresentable>(_ object: JSONObject, _ name: String, path: String) throws -> E? where E.RawValue == String {
        guard let value = object[name], !value.isNull else { return nil }
        guard let text = value.stringValue, let parsed = E(rawValue: text) else { throw VarlinkError.invalidParameter(path + name) }
        return parsed
    }

    static func required<E: RawRepresentable>(_ object: JSONObject, _ name: String, path: String) throws -> E where E.RawValue == String {
        guard let value: E = try enumValue(object, name, path: path) else { throw VarlinkError.invalidParameter(path + name) }
        return value
    }

    /// A person given as an object (AddPerson's parameters, Register's `person`), with field
    /// paths under `path` ("" or "person.").
    static func draft(_ object: JSONObject, path: String) throws -> PersonDraft {
        guard let name = object["full_name"]?.stringValue else { throw VarlinkError.invalidParameter(path + "full_name") }
        return try PersonDraft(
            fullName: name, sex: try required(object, "sex", path: path), birthYear: object["birth_year"]?.intValue,
            disability: object["disability"]?.boolValue, category: try required(object, "category", path: path),
            municipality: object["municipality"]?.stringValue, phone: object["phone"]?.stringValue, prefix: path,
            currentYear: currentYear)
    }

    /// A uuid parameter; InvalidField naming it otherwise.
    static func uuid(_ text: String, field: String) throws -> UUID {
        guard let id = UUID(text: text) else {
            throw ServiceError.invalidField(field: field, reason: "must be a uuid, got '\(text.prefix(40))'")
        }
        return id
    }
}
