import ArgumentParser

/// `trainingctl`, the admin CLI of trainingd: a thin Varlink client for the daemon's socket.
@main
struct TrainingctlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainingctl",
        abstract: "Administer trainingd over its Varlink socket.",
        discussion: """
            The daemon decides what you may do from the uid of this process: root and the \
            daemon's own user are system administrators; anyone else needs a role in the tenant. \
            Global options (--socket, --tenant, --json) may come before or after the command. \
            Output is plain text without color (NO_COLOR is always honoured); errors are one \
            line on stderr.

            Examples:
              trainingctl status
              trainingctl tenant create dpi "Development Policy Institute"
              trainingctl --tenant dpi grant alice coordinator
              trainingctl --socket ./.trainingd/io.trainingd tenant list --json

            Exit status:
              0   success
              64  usage error: bad arguments or options, bad JSON for call, unknown user
              65  the daemon refused the request: invalid field or parameter, not found,
                  already exists, unknown method, or any other error reply
              69  daemon unavailable: cannot connect, connection lost, protocol error,
                  timeout, connection limit, database unavailable, shutting down
              77  permission denied (io.trainingd.System.PermissionDenied or
                  org.varlink.service.PermissionDenied)
            """,
        version: "0.1.0",
        subcommands: [
            StatusCommand.self, WhoAmICommand.self, TenantCommand.self,
            GrantCommand.self, RevokeCommand.self, CallCommand.self,
            GeoCommand.self, EventCommand.self,
            AttendCommand.self, StatsCommand.self,
            PersonCommand.self, RegisterCommand.self, CancelCommand.self, RegistrationsCommand.self, ImportCommand.self,
            ReportCommand.self, IndicatorCommand.self,
            PlanCommand.self,
        ])

    @OptionGroup var globals: GlobalOptions
}
