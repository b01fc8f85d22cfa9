import ArgumentParser
import Varlink

/// `trainingctl call INTERFACE.METHOD [JSON]`: any method of any interface, with the reply
/// printed as JSON.
///
/// The escape hatch for everything that has no command of its own yet (Events, Registrations,
/// Reports, ...) and for org.varlink.service introspection.
struct CallCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any method with JSON parameters and print the reply's parameters as JSON.",
        discussion: """
            JSON is the parameters object (default {}). With --tenant (or TRAININGD_TENANT), \
            `tenant` is added to it when the method declares a `tenant` parameter (as the \
            daemon's IDL says) and the JSON names none. With --more the call asks for a stream \
            and prints one JSON document per reply until the final one. Interfaces, methods \
            and their parameters: org.varlink.service.GetInfo and GetInterfaceDescription.

            Example:
              trainingctl call io.trainingd.System.Status
              trainingctl --tenant dpi call io.trainingd.Events.ListEvents '{"limit": 10}'
              trainingctl call org.varlink.service.GetInterfaceDescription \\
                '{"interface": "io.trainingd.System"}'
              trainingctl --tenant dpi call --more io.trainingd.Events.Watch
            """)

    @OptionGroup var globals: GlobalOptions
    @Flag(help: "Ask for a stream of replies (Varlink `more`), printing each as it arrives.") var more = false
    @Argument(help: ArgumentHelp("Fully qualified method name, e.g. io.trainingd.System.Status.", valueName: "interface.method"))
    var method: String
    @Argument(help: ArgumentHelp("Parameters as a JSON object.", valueName: "json")) var parameters = "{}"

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        guard VarlinkCallMessage.split(method) != nil else {
            throw .usage("method must be fully qualified as INTERFACE.METHOD, e.g. io.trainingd.System.Status (got '\(method)')")
        }
        var parameters = try parsedParameters()
        if let tenant = globals.tenantSlug {
            switch parameters["tenant"] {
            case nil:
                if await declaresTenant(daemon) { parameters["tenant"] = .string(tenant) }
            case .string(tenant)?:
                break
            default:
                // The JSON wins over TRAININGD_TENANT; only an explicit --tenant contradicts it.
                if globals.tenant != nil {
                    throw .usage("--tenant \(tenant) contradicts \"tenant\" in the JSON parameters")
                }
            }
        }
        if more {
            try await daemon.stream(method, parameters) { printer.emitJSON($0) }
        } else {
            printer.emitJSON(try await daemon.call(method, parameters))
        }
    }

    /// The JSON argument, which must be an object.
    func parsedParameters() throws(CtlError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONParser.parse(parameters)
        } catch {
            throw .usage("invalid JSON parameters: \(error)")
        }
        guard let object = value.objectValue else {
            throw .usage("JSON parameters must be an object, e.g. {\"uid\": 1001}, not a JSON \(value.typeName)")
        }
        return object
    }

    /// Whether the method declares a `tenant` parameter, read from the interface description the
    /// daemon serves; `false` when that cannot be read (the call itself will then say why).
    func declaresTenant(_ daemon: DaemonConnection) async -> Bool {
        guard let (interface, member) = VarlinkCallMessage.split(method),
              let reply = try? await daemon.call("org.varlink.service.GetInterfaceDescription", ["interface": .string(interface)]),
              let description = reply["description"]?.stringValue,
              let definition = try? VarlinkIDLParser.parse(description)
        else { return false }
        return definition.method(named: member)?.input.contains { $0.name == "tenant" } ?? false
    }
}
