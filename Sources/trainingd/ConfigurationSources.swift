import Configuration
import Foundation
import SystemPackage

/// Where configuration comes from, highest priority first: command-line flags, `TRAININGD_*`
/// environment variables, then the file given with `--config`.
///
/// Keys are snake_case (`socket_mode`). In the environment and in an environment-style file
/// (the systemd `EnvironmentFile=` format: `KEY=VALUE` lines and `#` comments) a key is written
/// upper-case with the prefix: `TRAININGD_SOCKET_MODE`. A file whose name ends in `.json` holds
/// one flat JSON object with the plain keys.
struct ConfigurationSources: Sendable {
    static let environmentPrefix = "TRAININGD_"

    static func environmentName(for key: String) -> String { environmentPrefix + key.uppercased() }

    /// One layer: a reader, and whether its keys carry the `trainingd` prefix component
    /// (environment-style sources encode ["trainingd", "socket_mode"] as TRAININGD_SOCKET_MODE).
    struct Layer: Sendable {
        var name: String
        var reader: ConfigReader
        var prefixed: Bool
    }

    var layers: [Layer]

    static func load(flags: [String: String], configFile: String?, environment: [String: String]) async throws -> ConfigurationSources {
        let flagValues = Dictionary(uniqueKeysWithValues: flags.map {
            (AbsoluteConfigKey([$0.key]), ConfigValue(.string($0.value), isSecret: $0.key == "database"))
        })
        var layers = [
            Layer(name: "flags", reader: ConfigReader(provider: InMemoryProvider(name: "flags", values: flagValues)), prefixed: false),
            Layer(name: "environment", reader: ConfigReader(provider: EnvironmentVariablesProvider(
                environmentVariables: environment, secretsSpecifier: .specific(["TRAININGD_DATABASE"]))), prefixed: true),
        ]
        if let configFile { layers.append(try await fileLayer(configFile)) }
        return ConfigurationSources(layers: layers)
    }

    private static func fileLayer(_ path: String) async throws -> Layer {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError(key: "config", value: path, reason: "file does not exist or is not readable")
        }
        do {
            if path.hasSuffix(".json") {
                return Layer(name: path, reader: ConfigReader(provider: try await FileProvider<JSONSnapshot>(filePath: FilePath(path))), prefixed: false)
            }
            let provider = try await EnvironmentVariablesProvider(
                environmentFilePath: FilePath(path), secretsSpecifier: .specific(["TRAININGD_DATABASE"]))
            return Layer(name: path, reader: ConfigReader(provider: provider), prefixed: true)
        } catch {
            throw ConfigurationError(key: "config", value: path, reason: "cannot be read as a configuration file: \(error)")
        }
    }
}
