import Postgres
import TestSupport
import Testing

@Suite("Gazetteer reference data")
struct GazetteerTests {
    @Test func loadsTheThreeOblasts() async throws {
        let db = try await StoreTestDatabase(prefix: "geo")
        let c = try db.ownerConnection()
        #expect(try c.query("SELECT count(*) AS n FROM municipality")[0].decode("n", as: Int.self) == 267)
        let perOblast = try c.query("""
            SELECT o.name_en, count(*) AS n FROM municipality m JOIN oblast o ON o.code = m.oblast_code GROUP BY o.name_en ORDER BY o.name_en
            """).rows.map { (try $0.decode("name_en", as: String.self), try $0.decode("n", as: Int.self)) }
        #expect(perOblast.map(\.1) == [112, 64, 91])  // Chüy, Naryn, Osh
        let districts = try c.query("SELECT count(*) AS n FROM district")[0].decode("n", as: Int.self)
        #expect(districts == 20)
    }

    @Test func findsBulolu() async throws {
        let db = try await StoreTestDatabase(prefix: "geo")
        let c = try db.ownerConnection()
        let row = try #require(try c.query("""
            SELECT m.name_ru, m.name_en, m.kind, d.code AS district_code, d.name_en AS district, o.code AS oblast_code, o.name_en AS oblast
            FROM municipality m JOIN district d ON d.code = m.district_code JOIN oblast o ON o.code = d.oblast_code
            WHERE m.code = \("41706207811000")
            """).first)
        #expect(try row.decode("name_en", as: String.self) == "Bülölü")
        #expect(try row.decode("name_ru", as: String.self) == "Бюлелинский айылный аймак")
        #expect(try row.decode("kind", as: String.self) == "aiyl_aimak")
        #expect(try row.decode("district_code", as: String.self) == "41706207000000")
        #expect(try row.decode("district", as: String.self) == "Alay")
        #expect(try row.decode("oblast_code", as: String.self) == "41706000000000")
        #expect(try row.decode("oblast", as: String.self) == "Osh Region")
    }

    @Test func searchFoldsKyrgyzLettersAndDiacritics() async throws {
        let db = try await StoreTestDatabase(prefix: "geo")
        let c = try db.ownerConnection()
        for query in ["гулчо", "ГҮЛЧӨ", "gulcho", "Gülchö"] {
            let codes = try c.query("""
                SELECT code FROM municipality
                WHERE trainingd_fold(name_ky) LIKE trainingd_fold(\(query)) || '%' OR trainingd_fold(name_en) LIKE trainingd_fold(\(query)) || '%'
                """).rows.map { try $0.decode("code", as: String.self) }
            #expect(codes == ["41706207814000"], "query \(query)")
        }
    }
}
