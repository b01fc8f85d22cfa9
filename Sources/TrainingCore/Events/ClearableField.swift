/// Optional event fields UpdateEvent can remove (its `clear` parameter).
public enum ClearableField: String, Sendable, CaseIterable {
    case settlement
    case capacity
    case funder
    case notes
}
