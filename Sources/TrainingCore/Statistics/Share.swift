import Foundation

/// Shares such as women_share and attendance_rate: one rule for every figure, so the daemon,
/// the CLI's percentages and the reports agree.
public enum Share {
    /// `part / whole` between 0 and 1; 0 when `whole` is 0 (nobody attended means a share of
    /// 0, not NaN, which JSON cannot carry).
    public static func of(_ part: Int, _ whole: Int) -> Double {
        guard whole > 0, part > 0 else { return 0 }
        return min(1, Double(part) / Double(whole))
    }

    /// The share in percent, rounded half away from zero to `decimals` places, as people
    /// write it in reports: 12 of 26 is "46.2%".
    public static func percentText(_ share: Double, decimals: Int = 1) -> String {
        let scale = pow(10, Double(decimals))
        let rounded = (share * 100 * scale).rounded(.toNearestOrAwayFromZero) / scale
        return String(format: "%.\(max(0, decimals))f%%", rounded)
    }
}
