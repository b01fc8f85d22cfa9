import ArgumentParser
import Varlink

/// `trainingctl grant UID ROLE`: io.trainingd.System.Grant.
struct GrantCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Give a uid a role in a tenant, replacing the role it held there.",
        discussion: """
            Roles, each including the ones before it: viewer (read, reports) < registrar \
            (people, registrations, attendance) < coordinator (events, plans) < tenant_admin \
            (grant and revoke in that tenant). Granting the role already held changes nothing. \
            Without --tenant the call uses your only tenant.
            May call: system administrators, and tenant_admins of that tenant.

            Example:
              trainingctl --tenant dpi grant alice coordinator
              trainingctl --tenant dpi grant 1001 viewer
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Uid, or a user name resolved on this host.", valueName: "uid")) var user: String
    @Argument(help: ArgumentHelp("Role to give.", valueName: "role")) var role: Role

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let uid = try UserResolver.uid(user)
        let reply = try await daemon.call("io.trainingd.System.Grant", tenantScoped(["uid": .int(uid), "role": .string(role.rawValue)]))
        printer.emit(reply) { granted in
            let principal = granted["principal"]
            return TableFormatter.keyValues([
                ("tenant", principal?["tenant"].displayText ?? "-"),
                ("uid", principal?["uid"].displayText ?? "-"),
                ("user name", principal?["user_name"].displayText ?? "-"),
                ("role", principal?["role"].displayText ?? "-"),
                ("previous role", granted["previous_role"].displayText),
                ("granted at", principal?["granted_at"].displayText ?? "-"),
                ("granted by uid", principal?["granted_by_uid"].displayText ?? "-"),
            ])
        }
    }
}
