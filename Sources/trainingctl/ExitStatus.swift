/// The process exit statuses of trainingctl, from sysexits.h, so scripts can tell a mistake
/// on the command line from a refusal, from a daemon that is not there.
///
/// Documented to users in the root command's discussion (``TrainingctlCommand``).
enum ExitStatus: Int32, Sendable {
    /// The call succeeded.
    case success = 0
    /// EX_USAGE: bad arguments or options (ArgumentParser's validation failures use it too),
    /// bad JSON given to `call`, an unknown user name.
    case usage = 64
    /// EX_DATAERR: the daemon answered with an error about the request itself: an invalid
    /// field or parameter, an unknown object, a conflict, an unknown method.
    case dataError = 65
    /// EX_UNAVAILABLE: the daemon cannot be reached or cannot serve: no socket, connection
    /// lost, protocol violation, timeout, connection limit, database down, shutting down.
    case unavailable = 69
    /// EX_NOPERM: the daemon refused the caller (PermissionDenied).
    case permissionDenied = 77
}
