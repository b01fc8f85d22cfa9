import Varlink

/// Sentences for io.trainingd.Reports' errors, which trainingctl's generic error text shows
/// only as the error name and its parameters. The name stays at the end, so scripts matching
/// it keep working; the parameter path (`oblasts[1]`) is turned into the option that gave it.
enum ReportErrorText {
    static let prefix = "io.trainingd.Reports."

    /// The same error, reworded when it is a Reports error the daemon replied.
    static func explain(_ error: CtlError) -> CtlError {
        guard error.message.hasPrefix(prefix), let space = error.message.firstIndex(of: " "),
              let parameters = try? JSONParser.parse(String(error.message[error.message.index(after: space)...]))
        else { return error }
        let name = String(error.message[..<space])
        guard let sentence = sentence(String(name.dropFirst(prefix.count)), parameters) else { return error }
        return CtlError("\(sentence) (\(name))", exitStatus: error.exitStatus)
    }

    static func sentence(_ name: String, _ p: JSONValue) -> String? {
        func text(_ key: String) -> String { p[key]?.stringValue ?? "?" }
        switch name {
        case "EventNotFound":
            return "--event: no event \(text("event")) in this tenant"
        case "MunicipalityNotFound":
            return "--municipality: \(text("municipality")) is not in the gazetteer"
        case "AreaNotFound":
            return "\(option(text("field"))): \(text("code")) is not in the gazetteer"
        case "IndicatorNotFound":
            return "--code: no indicator \(text("code")) in this tenant (see trainingctl indicator list)"
        case "DimensionNotApplicable":
            return "--disaggregate: an indicator counting \(text("unit")) cannot be broken down by \(text("dimension")) "
                + "(municipalities and plans have no sex, age or category)"
        default:
            return nil
        }
    }

    /// The option that sets a parameter path: "oblasts[1]" is --oblast.
    static func option(_ field: String) -> String {
        let name = field.prefix { $0 != "[" && $0 != "." }
        switch name {
        case "oblasts": return "--oblast"
        case "districts": return "--district"
        case "municipalities": return "--municipality"
        default: return String(field)
        }
    }
}

extension DaemonConnection {
    /// A call to io.trainingd.Reports with its errors in words.
    func report(_ method: String, _ parameters: JSONObject) async throws(CtlError) -> JSONObject {
        do {
            return try await call("io.trainingd.Reports.\(method)", parameters)
        } catch {
            throw ReportErrorText.explain(error)
        }
    }
}
