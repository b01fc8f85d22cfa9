import TrainingCore
import TrainingStore
import Varlink

/// The io.trainingd.Reports error for each refusal of the indicator rules and store.
enum IndicatorErrors {
    static let prefix = "io.trainingd.Reports."

    static func map(_ error: IndicatorStoreError) -> ServiceError {
        switch error {
        case .eventNotFound(let reference):
            .specific(name: prefix + "EventNotFound", parameters: ["event": .string(reference)])
        case .areaNotFound(let field, let code):
            .specific(name: prefix + "AreaNotFound", parameters: ["field": .string(field), "code": .string(code)])
        case .municipalityNotFound(let code):
            .specific(name: prefix + "MunicipalityNotFound", parameters: ["municipality": .string(code)])
        case .indicatorNotFound(let code):
            .specific(name: prefix + "IndicatorNotFound", parameters: ["code": .string(code)])
        }
    }

    static func map(_ error: IndicatorDimensionNotApplicable) -> ServiceError {
        .specific(name: prefix + "DimensionNotApplicable", parameters: [
            "dimension": .string(error.dimension.rawValue), "unit": .string(error.unit.rawValue),
        ])
    }

    /// Runs `body`, turning the indicator errors into the IDL's.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as IndicatorStoreError {
            throw map(error)
        } catch let error as IndicatorDimensionNotApplicable {
            throw map(error)
        }
    }
}
