import Foundation
import Postgres
import TrainingCore
import UUIDText

/// A person as the People and Registrations interfaces return it (io.trainingd.People.Person).
public struct PersonRecord: Sendable, Equatable {
    public var id: UUID
    public var fullName: String
    public var sex: Sex
    public var birthYear: Int?
    public var disability: Bool?
    public var category: PersonCategory
    public var municipality: MunicipalityRef?
    /// As entered (the digits-only key for rows written before phones were kept as entered).
    public var phone: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// The flat form written to audit_log.before/after.
    public var snapshot: PersonSnapshot {
        PersonSnapshot(person_id: id.lowercasedText, full_name: fullName, sex: sex.rawValue, birth_year: birthYear,
                       disability: disability, category: category.rawValue, municipality: municipality?.code, phone: phone)
    }
}
