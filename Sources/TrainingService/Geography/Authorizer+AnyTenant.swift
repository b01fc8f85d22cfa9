import TrainingCore
import TrainingStore
import Varlink

extension Authorizer {
    /// For calls that belong to no tenant but are not public (Geography): system
    /// administrators, and anyone holding any role in any tenant.
    func requireAnyTenantRole(_ call: VarlinkCall) async throws {
        if runtime.isSystemAdministrator(call.peer.uid) { return }
        guard try await !roles(of: call.peer.uid).isEmpty else {
            throw ServiceError.permissionDenied(method: call.method, tenant: nil, requiredRole: Role.viewer.rawValue)
        }
    }
}
