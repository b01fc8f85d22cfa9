import Logging
import Postgres
import TrainingCore
import TrainingStore
import Varlink

/// Turns whatever a handler threw into the one Varlink error the IDL promises for it.
/// Unexpected errors are logged in full and answered as InternalError, which never leaks
/// SQL, table names or connection strings to a client.
enum ErrorMapping {
    static func map(_ error: any Error, method: String, logger: Logger) -> any Error {
        switch error {
        case let error as ServiceError:
            return error
        case let error as VarlinkError:
            return error
        case let error as ValidationError:
            return ServiceError.invalidField(field: error.field, reason: error.reason)
        case let error as PGError where error.isDatabaseUnavailable:
            logger.warning("database unavailable", metadata: ["varlink.method": "\(method)", "db.error": "\(error.debugDescription)"])
            return ServiceError.databaseUnavailable(reason: error.code == .poolClosed ? "daemon is shutting down" : error.message)
        case is CancellationError:
            return ServiceError.shuttingDown
        case VarlinkCallStateError.connectionClosed:
            // The client left before the call's turn: not an internal error. The Varlink layer
            // answers (nobody reads it) and logs it at debug.
            return error
        default:
            logger.error("internal error", metadata: ["varlink.method": "\(method)", "error": "\(String(reflecting: error))"])
            return ServiceError.internalError
        }
    }
}
