import Varlink

/// Lets commands take a municipality as its 14-digit SOATE code or as a name: a name is
/// looked up with io.trainingd.Geography.ListMunicipalities and must find exactly one.
enum MunicipalityResolver {
    static func code(_ text: String, _ daemon: DaemonConnection, option: String) async throws(CtlError) -> String {
        if text.utf8.count == 14 && text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return text }
        let reply = try await daemon.call("io.trainingd.Geography.ListMunicipalities", ["search": .string(text), "limit": 6])
        let found = reply["municipalities"]?.arrayValue ?? []
        switch found.count {
        case 1:
            return found[0]["code"]?.stringValue ?? text
        case 0:
            throw .usage("\(option): no municipality matches '\(text)'; give its 14-digit SOATE code (see trainingctl geo municipalities --search)")
        default:
            let shown = found.prefix(5).map { "\($0["code"].displayText) \(EventDisplay.name($0["name"]))" }.joined(separator: ", ")
            throw .usage("\(option): '\(text)' matches several municipalities (\(shown)\(found.count > 5 ? ", ..." : "")); give the SOATE code")
        }
    }
}
