/// Shares written as percentages with one decimal, the same in every language and locale:
/// 12 of 26 (0.461538…) is "46.2%".
///
/// Why not a NumberFormatter: its output follows the process locale (a decimal comma, a
/// non-breaking space before the sign), and the donor's figures must read the same whoever
/// computes them. Rounding is half away from zero, like TrainingCore's Share.percentText.
public enum PercentText {
    /// `share` (0 to 1) as "46.2%"; "-" when it is not a finite number.
    public static func format(_ share: Double) -> String {
        guard share.isFinite else { return "-" }
        let tenths = Int((share * 1000).rounded(.toNearestOrAwayFromZero))
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)%"
    }

    /// `part` of `whole` as a percentage; "-" when `whole` is 0.
    public static func format(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "-" : format(Double(part) / Double(whole))
    }
}
