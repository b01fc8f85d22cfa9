import TrainingCore
import Testing

@Suite("Roles and tenant slugs")
struct RoleAndSlugTests {
    @Test func rolesAreOrdered() {
        #expect(Role.viewer < .registrar && Role.registrar < .coordinator && Role.coordinator < .tenantAdmin)
        #expect(Role.tenantAdmin.allows(.viewer))
        #expect(Role.coordinator.allows(.registrar))
        #expect(!Role.registrar.allows(.coordinator))
        #expect(!Role.viewer.allows(.registrar))
        #expect(Role(rawValue: "tenant_admin") == .tenantAdmin)
        #expect(Role(rawValue: "admin") == nil)
    }

    @Test func slugs() throws {
        #expect(try TenantSlug("dpi-osh").rawValue == "dpi-osh")
        #expect(try TenantSlug("s2").rawValue == "s2")
        for bad in ["", "a", "-lead", "UPPER", "with space", "кыргыз", String(repeating: "a", count: 64), "x;drop"] {
            let error = #expect(throws: ValidationError.self) { try TenantSlug(bad) }
            #expect(error?.field == "slug")
        }
    }

    @Test func textFieldsAreCleaned() throws {
        #expect(try TextField.clean("  Гүлчө \n", field: "name", maxLength: 10) == "Гүлчө")
        // Decomposed input is stored composed (NFC), so the same name matches itself.
        #expect(try TextField.clean("Gu\u{0308}lcho\u{0308}", field: "name", maxLength: 10) == "Gülchö")
        let long = #expect(throws: ValidationError.self) { try TextField.clean(String(repeating: "ы", count: 10_000), field: "full_name", maxLength: 200) }
        #expect(long?.field == "full_name")
        #expect(long?.reason.contains("10000") == true)
        #expect(throws: ValidationError.self) { try TextField.clean("   ", field: "title", maxLength: 10) }
        #expect(throws: ValidationError.self) { try TextField.clean("bell\u{7}", field: "title", maxLength: 10) }
    }
}
