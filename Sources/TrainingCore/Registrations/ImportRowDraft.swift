import Foundation
import UUIDText

/// An import row after validation: either an existing person (person_id) or an inline person,
/// plus what to record on the registration.
public struct ImportRowDraft: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case existing(UUID)
        /// `draft.category` is `.other` when the row gave none: `categoryGiven` tells, since a
        /// category is required only when a new person is created.
        case inline(PersonDraft)
    }

    /// Position in `rows`, from 0 (field paths use it).
    public var index: Int
    /// The caller's row number (ImportRow.row), default index + 1.
    public var row: Int
    public var subject: Subject
    public var categoryGiven: PersonCategory?
    public var municipalityGiven: String?
    public var status: RegistrationStatus?
    public var allowDuplicate: Bool

    /// The parameter path of a field of this row, e.g. "rows[11].birth_year".
    public func field(_ name: String) -> String { "rows[\(index)].\(name)" }

    /// A row that failed validation: its number and the field at fault.
    public struct Invalid: Error, Sendable, Equatable {
        public var row: Int
        public var error: ValidationError
    }

    /// Validates a row; a failure names the field as rows[index].name.
    public static func validate(_ input: ImportRowInput, index: Int, currentYear: Int) -> Result<ImportRowDraft, Invalid> {
        let prefix = "rows[\(index)]."
        let row = input.row.map { Int(clamping: $0) } ?? index + 1
        do throws(ValidationError) {
            let municipality = try input.municipality.map { (code) throws(ValidationError) in try SOATECode.validate(code, field: prefix + "municipality") }
            let subject: Subject
            if let text = input.personID {
                guard let id = UUID(text: text) else {
                    throw ValidationError(field: prefix + "person_id", reason: "must be a uuid, got '\(text.prefix(40))'")
                }
                subject = .existing(id)
            } else {
                guard let name = input.fullName else {
                    throw ValidationError(field: prefix + "full_name", reason: "is required when person_id is not given")
                }
                subject = .inline(try PersonDraft(
                    fullName: name, sex: input.sex ?? .notRecorded, birthYear: input.birthYear, disability: input.disability,
                    category: input.category ?? .other, municipality: municipality, phone: input.phone, prefix: prefix,
                    currentYear: currentYear))
            }
            return .success(ImportRowDraft(index: index, row: row, subject: subject, categoryGiven: input.category,
                                           municipalityGiven: municipality, status: input.status, allowDuplicate: input.allowDuplicate))
        } catch {
            return .failure(Invalid(row: row, error: error))
        }
    }
}
