import Foundation
import Logging
import TrainingCore
import TrainingStore

/// Refreshes every tenant's kept participation base (sql/0014) at a fixed interval, so that
/// markers left by writes do not pile up when no one runs a report, and a
/// report finds little to recompute (after an upgrade, the first pass builds each tenant's base
/// in the background). Reports stay exact without it: each one refreshes first.
public struct ParticipationBaseRefresher: Sendable {
    let systemStore: SystemStore
    let reportStore: ReportStore
    let interval: Duration
    let logger: Logger

    public init(database: TrainingDatabase, interval: Duration, logger: Logger) {
        systemStore = SystemStore(database: database)
        reportStore = ReportStore(database: database)
        self.interval = interval
        self.logger = logger
    }

    /// Refreshes at once (a tenant never built is built before anyone asks), then every
    /// `interval`, until cancelled.
    public func run() async {
        while !Task.isCancelled {
            await refreshAll()
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// One pass over every tenant; a failure is logged and the pass goes on with the next.
    public func refreshAll() async {
        let tenants: [Tenant]
        do { tenants = try await systemStore.listTenants() } catch is CancellationError { return } catch {
            logger.warning("participation base refresh: cannot list tenants", metadata: ["error": "\(error)"])
            return
        }
        for tenant in tenants where !Task.isCancelled {
            do {
                let events = try await reportStore.refreshParticipationBase(tenant: tenant.id)
                if events > 0 {
                    logger.debug("participation base refreshed", metadata: ["tenant": "\(tenant.slug.rawValue)", "events": "\(events)"])
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("participation base refresh failed", metadata: ["tenant": "\(tenant.slug.rawValue)", "error": "\(error)"])
            }
        }
    }
}
