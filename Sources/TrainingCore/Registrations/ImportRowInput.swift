import Foundation

/// One row of an ImportRegistrations call as received: the IDL validator has checked the
/// JSON types and enum values, nothing else.
public struct ImportRowInput: Sendable, Equatable {
    public var row: Int64?
    public var personID: String?
    public var fullName: String?
    public var sex: Sex?
    public var birthYear: Int64?
    public var disability: Bool?
    public var category: PersonCategory?
    public var municipality: String?
    public var phone: String?
    public var status: RegistrationStatus?
    public var allowDuplicate: Bool

    public init(row: Int64? = nil, personID: String? = nil, fullName: String? = nil, sex: Sex? = nil, birthYear: Int64? = nil,
                disability: Bool? = nil, category: PersonCategory? = nil, municipality: String? = nil, phone: String? = nil,
                status: RegistrationStatus? = nil, allowDuplicate: Bool = false) {
        self.row = row
        self.personID = personID
        self.fullName = fullName
        self.sex = sex
        self.birthYear = birthYear
        self.disability = disability
        self.category = category
        self.municipality = municipality
        self.phone = phone
        self.status = status
        self.allowDuplicate = allowDuplicate
    }
}
