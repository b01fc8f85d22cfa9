import Foundation

/// A person about to be created, validated: what AddPerson, an inline Register person, an
/// import row and a walk-in all reduce to before the store matches or inserts it.
public struct PersonDraft: Sendable, Equatable, Codable {
    public var fullName: String
    public var nameKey: String
    public var searchKey: String
    public var sex: Sex
    public var birthYear: Int?
    public var disability: Bool?
    public var category: PersonCategory
    public var municipality: String?
    public var phone: PhoneNumber?

    public static let maxNameLength = 200
    public static let earliestBirthYear = 1900

    /// Validates raw values; `prefix` turns field names into parameter paths ("person." or
    /// "rows[3]."), `currentYear` bounds birth years.
    public init(fullName: String, sex: Sex, birthYear: Int64?, disability: Bool?, category: PersonCategory,
                municipality: String?, phone: String?, prefix: String = "", currentYear: Int) throws(ValidationError) {
        self.fullName = try Self.name(fullName, field: prefix + "full_name")
        (nameKey, searchKey) = NameKey.keys(self.fullName)
        self.sex = sex
        self.birthYear = try birthYear.map { (year) throws(ValidationError) in try Self.birthYear(year, field: prefix + "birth_year", currentYear: currentYear) }
        self.disability = disability
        self.category = category
        self.municipality = try municipality.map { (code) throws(ValidationError) in try SOATECode.validate(code, field: prefix + "municipality") }
        self.phone = try phone.map { (text) throws(ValidationError) in try PhoneNumber(text, field: prefix + "phone") }
    }

    /// A full name: 1 to 200 characters after trimming, no control characters, at least one letter.
    public static func name(_ text: String, field: String) throws(ValidationError) -> String {
        let cleaned = try TextField.clean(text, field: field, maxLength: maxNameLength)
        guard cleaned.contains(where: \.isLetter) else { throw ValidationError(field: field, reason: "must contain at least one letter") }
        return cleaned
    }

    public static func birthYear(_ year: Int64, field: String, currentYear: Int) throws(ValidationError) -> Int {
        guard year >= Int64(earliestBirthYear) && year <= Int64(currentYear) else {
            throw ValidationError(field: field, reason: "must be a year from \(earliestBirthYear) to \(currentYear), got \(year)")
        }
        return Int(year)
    }

    /// What duplicate detection compares.
    public var identity: PersonIdentity {
        PersonIdentity(nameKey: nameKey, municipality: municipality, phoneKey: phone?.key)
    }
}
