import TrainingStore
import Varlink

/// The io.trainingd.Reports error for each refusal of the report store.
enum ReportErrors {
    static let prefix = "io.trainingd.Reports."

    static func map(_ error: ReportStoreError) -> ServiceError {
        switch error {
        case .eventNotFound(let reference):
            .specific(name: prefix + "EventNotFound", parameters: ["event": .string(reference)])
        case .areaNotFound(let field, let code):
            .specific(name: prefix + "AreaNotFound", parameters: ["field": .string(field), "code": .string(code)])
        case .municipalityNotFound(let code):
            .specific(name: prefix + "MunicipalityNotFound", parameters: ["municipality": .string(code)])
        }
    }

    /// Runs `body`, turning the store's refusals into the IDL's errors.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ReportStoreError {
            throw map(error)
        }
    }
}
