import ArgumentParser
import Varlink

/// `trainingctl whoami`: io.trainingd.System.WhoAmI, the caller as the daemon sees it, which
/// is what every permission decision is based on.
struct WhoAmICommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show your uid, whether you are a system administrator, and your tenant roles.",
        discussion: """
            The daemon identifies you by the uid of the connecting process (SO_PEERCRED). \
            Root and the daemon's own user are system administrators.

            Example:
              trainingctl whoami
            """)

    @OptionGroup var globals: GlobalOptions

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let reply = try await daemon.call("io.trainingd.System.WhoAmI")
        printer.emit(reply) { me in
            let tenants = me["tenants"]?.arrayValue ?? []
            var text = TableFormatter.keyValues([
                ("uid", me["uid"].displayText),
                ("user name", me["user_name"].displayText),
                ("gid", me["gid"].displayText),
                ("pid", me["pid"].displayText),
                ("system administrator", me["is_system_admin"].displayText),
                ("default tenant", me["default_tenant"].displayText),
                ("tenant roles", tenants.isEmpty ? "none" : String(tenants.count)),
            ])
            if !tenants.isEmpty {
                var table = TableFormatter(headers: ["TENANT", "NAME", "ROLE"])
                for tenant in tenants {
                    table.append([tenant["tenant"].displayText, tenant["name"].displayText, tenant["role"].displayText])
                }
                text += "\n" + table.render()
            }
            return text
        }
    }
}
