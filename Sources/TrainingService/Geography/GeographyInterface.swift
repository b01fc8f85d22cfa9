import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.Geography: the gazetteer, read-only, for system administrators and anyone
/// holding a role in some tenant (no method takes `tenant`).
struct GeographyInterface: InterfaceImplementation {
    let context: ServiceContext
    let store: GeographyStore

    init(context: ServiceContext) {
        self.context = context
        self.store = GeographyStore(database: context.database)
    }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        try interface.implement("ListOblasts", wrap(listOblasts))
        try interface.implement("ListDistricts", wrap(listDistricts))
        try interface.implement("ListMunicipalities", wrap(listMunicipalities))
    }

    @Sendable func listOblasts(_ call: VarlinkCall) async throws -> JSONValue {
        try await context.authorizer.requireAnyTenantRole(call)
        let oblasts = try await store.oblasts()
        return ["oblasts": .array(oblasts.map {
            ["code": .string($0.code), "name": EventWire.names($0.names), "districts": .int(Int64($0.districts)),
             "municipalities": .int(Int64($0.municipalities))]
        })]
    }

    @Sendable func listDistricts(_ call: VarlinkCall) async throws -> JSONValue {
        try await context.authorizer.requireAnyTenantRole(call)
        let oblast = try Parameters(call: call).optionalString("oblast").map { try SOATECode.validate($0, field: "oblast") }
        do {
            let districts = try await store.districts(oblast: oblast)
            return ["districts": .array(districts.map {
                ["code": .string($0.code), "name": EventWire.names($0.names), "oblast": Self.area($0.oblast),
                 "municipalities": .int(Int64($0.municipalities))]
            })]
        } catch {
            throw EventErrorMapping.map(error, event: nil, interface: "io.trainingd.Geography")
        }
    }

    @Sendable func listMunicipalities(_ call: VarlinkCall) async throws -> JSONValue {
        try await context.authorizer.requireAnyTenantRole(call)
        let p = Parameters(call: call)
        let codes = try ParameterLists.strings(call, "codes")
        if let codes, codes.count > 1_000 {
            throw ServiceError.invalidField(field: "codes", reason: "has \(codes.count) entries; at most 1000 allowed")
        }
        let filter = MunicipalityFilter(
            oblast: try p.optionalString("oblast").map { try SOATECode.validate($0, field: "oblast") },
            district: try p.optionalString("district").map { try SOATECode.validate($0, field: "district") },
            kind: try p.optionalString("kind").map { text in
                guard let kind = MunicipalityKind(rawValue: text) else { throw VarlinkError.invalidParameter("kind") }
                return kind
            },
            codes: try codes?.enumerated().map { index, code in try SOATECode.validate(code, field: "codes[\(index)]") },
            search: try p.optionalString("search").map { try SearchText.validate($0) },
            page: try ListPage(limit: p.optionalInt("limit"), offset: p.optionalInt("offset")))
        do {
            let result = try await store.municipalities(filter)
            return ["municipalities": .array(result.municipalities.map(Self.municipality)), "total": .int(Int64(result.total))]
        } catch {
            throw EventErrorMapping.map(error, event: nil, interface: "io.trainingd.Geography")
        }
    }

    static func area(_ area: AreaRef) -> JSONValue {
        ["code": .string(area.code), "name": EventWire.names(area.names)]
    }

    static func municipality(_ m: MunicipalityEntry) -> JSONValue {
        ["code": .string(m.code), "kind": .string(m.kind.rawValue), "name": EventWire.names(m.names),
         "centre": m.centre.map(EventWire.names) ?? .null, "oblast": area(m.oblast), "district": m.district.map(area) ?? .null]
    }
}
