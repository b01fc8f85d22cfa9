import ArgumentParser

/// The roles of io.trainingd.System's `Role` enum, as the `grant` command accepts them.
///
/// An enum rather than free text so that a typo is a usage error listing the choices, caught
/// before anything is sent.
enum Role: String, CaseIterable, ExpressibleByArgument, Sendable {
    case viewer
    case registrar
    case coordinator
    case tenantAdmin = "tenant_admin"
}
