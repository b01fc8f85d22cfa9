import Foundation
/// A configuration value that cannot be used, naming the key and where it came from, so the
/// administrator can fix exactly that line, variable or flag.
struct ConfigurationError: Error, CustomStringConvertible {
    var key: String
    var value: String?
    var reason: String

    var description: String {
        let shown = value.map { " (got '\($0)')" } ?? ""
        return "configuration \(key)\(shown): \(reason); set it in the config file, as \(ConfigurationSources.environmentName(for: key)), or as --\(key.replacingOccurrences(of: "_", with: "-"))"
    }
}
