import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// The gazetteer as ListOblasts/ListDistricts/ListMunicipalities read it, and the search that
/// ignores case, diacritics and script.
@Suite("Geography store")
struct GeographyStoreTests {
    typealias F = EventTestFixtures
    let store: GeographyStore

    init() async throws {
        store = GeographyStore(database: try await StoreTestDatabase(prefix: "geo").database)
    }

    func search(_ text: String, _ filter: MunicipalityFilter = MunicipalityFilter()) async throws -> [String] {
        var filter = filter
        filter.search = text
        return try await store.municipalities(filter).municipalities.map(\.code)
    }

    @Test func oblastsAndDistricts() async throws {
        let oblasts = try await store.oblasts()
        #expect(oblasts.map(\.code) == [F.naryn, F.osh, F.chuy])
        #expect(oblasts.reduce(0) { $0 + $1.municipalities } == 267)
        let osh = try #require(oblasts.first { $0.code == F.osh })
        #expect(osh.names.ru == "Ошская область")
        let districts = try await store.districts(oblast: F.osh)
        #expect(districts.count == osh.districts)
        #expect(districts.allSatisfy { $0.oblast.code == F.osh })
        let alai = try #require(districts.first { $0.code == F.alai })
        #expect(alai.names.ru == "Алайский район" && alai.municipalities >= 5)
        #expect(try await store.districts(oblast: nil).count == oblasts.reduce(0) { $0 + $1.districts })
        await #expect(throws: EventError.areaNotFound(field: "oblast", code: "41799000000000")) { try await store.districts(oblast: "41799000000000") }
    }

    @Test func searchIgnoresCaseDiacriticsAndScript() async throws {
        for text in ["гулчо", "Гүлчө", "ГҮЛЧӨ", "Gülchö", "gulcho", "GULCHO", "Гульча", "гульчинский"] {
            #expect(try await search(text).first == F.gulcho, "\(text)")
        }
        for text in ["бүлөлү", "Бүлөлү", "булолу", "Bülölü", "bulolu", "Бюлелин"] {
            #expect(try await search(text) == [F.bulolu], "\(text)")
        }
        #expect(try await search("Chong-Alay") == [F.chongAlai])
        #expect(try await search("Чоң-Алай") == [F.chongAlai])
        #expect(try await search("Кашка-Суу").first == F.kashkaSuu)
        #expect(try await search("budalyk") == [F.budalyk])
        // Both Lenin aiyl aimaks, by code; limited to a district, one.
        #expect(try await search("Lenin") == [F.lenin, F.leninChuy])
        #expect(try await search("lenin", MunicipalityFilter(district: F.alai)) == [F.lenin])
        #expect(try await search("nothing like this").isEmpty)
        #expect(try await search("%_").isEmpty)
    }

    @Test func rankingPutsWholeNamesFirst() async throws {
        // "Кара-Суу" is a whole centre name; other names only start with or contain it.
        let found = try await store.municipalities(MunicipalityFilter(search: "кара"))
        #expect(found.total > 3)
        #expect(found.municipalities.count == found.total)
        let exact = try await search("Kara-Kulja")
        #expect(!exact.isEmpty)
    }

    @Test func filtersAndPaging() async throws {
        let alai = try await store.municipalities(MunicipalityFilter(district: F.alai))
        #expect(alai.municipalities.allSatisfy { $0.district?.code == F.alai && $0.oblast.code == F.osh })
        #expect(alai.municipalities.map(\.code) == alai.municipalities.map(\.code).sorted())
        let gulcho = try #require(alai.municipalities.first { $0.code == F.gulcho })
        #expect(gulcho.kind == .aiylAimak && gulcho.names.ky == "Гүлчө" && gulcho.centre?.ru == "Гульча" && gulcho.centre?.ky == "Гүлчө")
        let cities = try await store.municipalities(MunicipalityFilter(kind: .city))
        #expect(cities.municipalities.allSatisfy { $0.kind == .city })
        #expect(cities.municipalities.contains { $0.district == nil })
        let codes = try await store.municipalities(MunicipalityFilter(codes: [F.lenin, F.gulcho, "41799999999999"]))
        #expect(codes.municipalities.map(\.code) == [F.gulcho, F.lenin] && codes.total == 2)

        let all = try await store.municipalities(MunicipalityFilter())
        #expect(all.total == 267 && all.municipalities.count == 100)
        let page = try await store.municipalities(MunicipalityFilter(page: ListPage(limit: 10, offset: 260)))
        #expect(page.municipalities.count == 7 && page.total == 267)
        let past = try await store.municipalities(MunicipalityFilter(page: ListPage(limit: 10, offset: 1_000)))
        #expect(past.municipalities.isEmpty && past.total == 267)
        await #expect(throws: EventError.areaNotFound(field: "district", code: "41706999000000")) {
            try await store.municipalities(MunicipalityFilter(district: "41706999000000"))
        }
    }
}
