/// Age bands given by their lower bounds (the `age_bands` parameter): [0, 18, 30, 45, 60]
/// makes "0-17", "18-29", "30-44", "45-59" and "60+".
public struct IndicatorAgeBands: Sendable, Equatable {
    public static let standard = IndicatorAgeBands(checked: [0, 18, 30, 45, 60])

    public let lowerBounds: [Int]

    private init(checked: [Int]) { lowerBounds = checked }

    /// Ascending, starting at 0, at most 20 bands, bounds below 150.
    public init(_ bounds: [Int], field: String = "age_bands") throws(ValidationError) {
        guard bounds.first == 0 else { throw ValidationError(field: field, reason: "must start at 0") }
        guard bounds.count <= 20 else { throw ValidationError(field: field, reason: "at most 20 bands allowed, got \(bounds.count)") }
        for index in bounds.indices.dropFirst() where bounds[index] <= bounds[index - 1] || bounds[index] >= 150 {
            throw ValidationError(field: "\(field)[\(index)]", reason: "must be above the previous bound and below 150, got \(bounds[index])")
        }
        lowerBounds = bounds
    }

    /// The band's label for an age, "unknown" without one (or below 0: a wrong birth year).
    public func label(age: Int?) -> String {
        guard let age, age >= 0, let index = lowerBounds.lastIndex(where: { $0 <= age }) else { return Self.unknown }
        let lower = lowerBounds[index]
        return index + 1 < lowerBounds.count ? "\(lower)-\(lowerBounds[index + 1] - 1)" : "\(lower)+"
    }

    public static let unknown = "unknown"

    /// Each band's lower bound and label, youngest first.
    public var bands: [(lowerBound: Int, label: String)] { lowerBounds.map { ($0, label(age: $0)) } }
}
