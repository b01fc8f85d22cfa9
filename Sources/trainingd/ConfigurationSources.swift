import Configuration
import SystemPackage
import Foundation

/// Where configuration comes from, highest priority first: command-line flags, `TRAININGD_*`
/// environment variables, then the JSON configuration file. Keys are snake_case
/// (`socket_mode`); the environment variable is the key upper-cased with the prefix
/// (`TRAININGD_SOCKET_MODE`).
enum ConfigurationSources {
    static let environmentPrefix = "TRAININGD_"

    static func environmentName(for key: String) -> String { environmentPrefix + key.uppercased() }

    /// Builds the layered reader. `flags` holds only the flags given on the command line.
    static func reader(flags: [String: String], configFile: String?, environment: [String: String]) async throws -> ConfigReader {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: Dictionary(uniqueKeysWithValues: flags.map {
                (AbsoluteConfigKey(stringLiteral: $0.key), ConfigValue(.string($0.value), isSecret: $0.key == "database"))
            })),
            EnvironmentVariablesProvider(environmentVariables: Dictionary(uniqueKeysWithValues: environment.compactMap { name, value in
                name.hasPrefix(environmentPrefix) ? (String(name.dropFirst(environmentPrefix.count)), value) : nil
            }), secretsSpecifier: .specific(["DATABASE"])),
        ]
        if let configFile {
            guard FileManager.default.fileExists(atPath: configFile) else {
                throw ConfigurationError(key: "config", value: configFile, reason: "file does not exist")
            }
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
            } catch {
                throw ConfigurationError(key: "config", value: configFile, reason: "not a valid JSON configuration file: \(error)")
            }
        }
        return ConfigReader(providers: providers)
    }
}
