/// How much a table shows: `.compact` for the terminal and HTML (names, the main measures),
/// `.complete` for CSV (codes next to names and every measure, for spreadsheets and re-use).
public enum TableStyle: Sendable {
    case compact
    case complete
}
