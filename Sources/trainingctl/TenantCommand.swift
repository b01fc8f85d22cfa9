import ArgumentParser
import Varlink

/// `trainingctl tenant create|list`: the tenants (organisations) the daemon keeps apart.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create and list tenants.",
        discussion: """
            A tenant is one organisation; its data is never visible to another. System \
            administrators create tenants and then grant roles in them (see grant).

            Example:
              trainingctl tenant create dpi "Development Policy Institute"
              trainingctl tenant list
            """,
        subcommands: [Create.self, List.self])

    @OptionGroup var globals: GlobalOptions

    /// `tenant create SLUG NAME`: io.trainingd.System.CreateTenant.
    struct Create: DaemonCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tenant (system administrators only).",
            discussion: """
                The slug is 2 to 63 characters: lowercase ASCII letters, digits and '-', \
                starting with a letter, not ending with '-'; it never changes. The name is the \
                display name, 1 to 200 characters. The tenant starts with no principals.

                Example:
                  trainingctl tenant create dpi "Development Policy Institute"
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: ArgumentHelp("Unique slug of the new tenant, e.g. dpi.", valueName: "slug")) var slug: String
        @Argument(help: ArgumentHelp("Display name, e.g. \"Development Policy Institute\".", valueName: "name")) var name: String

        func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
            let reply = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": .string(slug), "name": .string(name)])
            printer.emit(reply) { created in
                let tenant = created["tenant"]
                return TableFormatter.keyValues([
                    ("slug", tenant?["slug"].displayText ?? "-"),
                    ("name", tenant?["name"].displayText ?? "-"),
                    ("created at", tenant?["created_at"].displayText ?? "-"),
                ])
            }
        }
    }

    /// `tenant list`: io.trainingd.System.ListTenants.
    struct List: DaemonCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tenants: all of them for a system administrator, otherwise those where you hold a role.",
            discussion: """
                ROLE is your own role in the tenant; "-" for a system administrator who holds \
                none explicitly. With --json, system administrators and tenant admins also get \
                each tenant's principals.

                Example:
                  trainingctl tenant list
                  trainingctl tenant list --json | jq '.tenants[].slug'
                """)

        @OptionGroup var globals: GlobalOptions

        func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
            let reply = try await daemon.call("io.trainingd.System.ListTenants")
            printer.emit(reply) { list in
                var table = TableFormatter(headers: ["SLUG", "NAME", "ROLE", "CREATED"])
                for tenant in list["tenants"]?.arrayValue ?? [] {
                    table.append([tenant["slug"].displayText, tenant["name"].displayText,
                                  tenant["role"].displayText, tenant["created_at"].displayText])
                }
                return table.render()
            }
        }
    }
}
