import Foundation

/// A person in an audit row: what the person looked like, in the wire's field names.
public struct PersonSnapshot: Sendable, Equatable, Encodable {
    var person_id: String
    var full_name: String
    var sex: String
    var birth_year: Int?
    var disability: Bool?
    var category: String
    var municipality: String?
    var phone: String?
}
