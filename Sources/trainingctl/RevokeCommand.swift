import ArgumentParser
import Varlink

/// `trainingctl revoke UID`: io.trainingd.System.Revoke.
struct RevokeCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Take away the role a uid holds in a tenant.",
        discussion: """
            Prints the principal as it was before removal. Without --tenant the call uses \
            your only tenant.
            May call: system administrators, and tenant_admins of that tenant (also for their own uid).

            Example:
              trainingctl --tenant dpi revoke alice
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Uid, or a user name resolved on this host.", valueName: "uid")) var user: String

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let uid = try UserResolver.uid(user)
        let reply = try await daemon.call("io.trainingd.System.Revoke", tenantScoped(["uid": .int(uid)]))
        printer.emit(reply) { revoked in
            let principal = revoked["principal"]
            return TableFormatter.keyValues([
                ("tenant", principal?["tenant"].displayText ?? "-"),
                ("uid", principal?["uid"].displayText ?? "-"),
                ("user name", principal?["user_name"].displayText ?? "-"),
                ("revoked role", principal?["role"].displayText ?? "-"),
                ("granted at", principal?["granted_at"].displayText ?? "-"),
                ("granted by uid", principal?["granted_by_uid"].displayText ?? "-"),
            ])
        }
    }
}
