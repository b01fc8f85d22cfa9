import Testing
@testable import Varlink

@Suite("IDL parser")
struct VarlinkIDLParserTests {
    static let example = """
        # Admin interface of the example daemon.
        interface org.example.admin

        type Job (
          id: int,
          state: (queued, running, done),
          tags: ?[]string
        )

        method Ping(ping: string) -> (pong: string)

        # [Supports 'more' flag]
        method Watch(since: ?int) -> (job: Job)

        error NoSuchJob (id: int)

        """

    @Test func parsesOrgVarlinkService() throws {
        let interface = try VarlinkIDLParser.parse(OrgVarlinkService.description)
        #expect(interface.name == "org.varlink.service")
        #expect(interface.documentation.hasPrefix("The Varlink Service Interface is provided"))
        #expect(interface.methods.map(\.name) == ["GetInfo", "GetInterfaceDescription"])
        let getInfo = try #require(interface.method(named: "GetInfo"))
        #expect(getInfo.input.isEmpty)
        #expect(getInfo.output.map(\.name) == ["vendor", "product", "version", "url", "interfaces"])
        #expect(getInfo.output.last?.type == .array(.string))
        #expect(getInfo.documentation == "Get a list of all the interfaces a service provides and information\nabout the implementation.")
        #expect(interface.error(named: "ExpectedMore")?.parameters == [])
        #expect(interface.error(named: "InvalidParameter")?.parameters == [VarlinkField(name: "parameter", type: .string)])
        #expect(interface.members.count == 8)
    }

    @Test func parsesTheExampleInterface() throws {
        let interface = try VarlinkIDLParser.parse(Self.example)
        #expect(interface.name == "org.example.admin")
        #expect(interface.documentation == "Admin interface of the example daemon.")
        let job = try #require(interface.type(named: "Job"))
        #expect(
            job.type
                == .struct([
                    VarlinkField(name: "id", type: .int),
                    VarlinkField(name: "state", type: .enum(["queued", "running", "done"])),
                    VarlinkField(name: "tags", type: .optional(.array(.string))),
                ])
        )
        let watch = try #require(interface.method(named: "Watch"))
        #expect(watch.documentation == "[Supports 'more' flag]")
        #expect(watch.input == [VarlinkField(name: "since", type: .optional(.int))])
        #expect(watch.output == [VarlinkField(name: "job", type: .named("Job"))])
        #expect(interface.method(named: "Ping")?.documentation == "")
        #expect(interface.error(named: "NoSuchJob")?.parameters == [VarlinkField(name: "id", type: .int)])
    }

    @Test func parsesAllTypeForms() throws {
        let interface = try VarlinkIDLParser.parse("""
            interface org.example.types
            type T (
              # doc of a
              a: bool, b: float, c: object, d: [string]int, e: [string](), f: ?[string]?T,
              g: [][]string, h: (x: int, y: (p, q))
            )
            method M() -> ()
            """)
        let fields = try #require(interface.type(named: "T").flatMap { if case .struct(let f) = $0.type { f } else { nil } })
        #expect(fields.first?.documentation == "doc of a")
        #expect(fields.map(\.type.description) == [
            "bool", "float", "object", "[string]int", "[string]()", "?[string]?T", "[][]string", "(x: int, y: (p, q))",
        ])
    }

    private func error(_ text: String) -> VarlinkIDLError? {
        do {
            _ = try VarlinkIDLParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func rejectsCRLF() {
        let failure = error("interface org.example.crlf\r\nmethod M() -> ()\r\n")
        #expect(failure?.line == 1)
        #expect(failure?.column == 27)
        #expect(failure?.message.contains("carriage return") == true)
    }

    @Test func rejectsTrailingComma() {
        let failure = error("interface org.example.x\nmethod M(a: int,) -> ()\n")
        #expect(failure?.message == "trailing comma")
        #expect(failure?.line == 2)
        #expect(error("interface org.example.x\ntype E (a, b,)\n")?.message == "trailing comma")
    }

    @Test func rejectsBadNamesAndStructure() {
        #expect(error("interface foo\nmethod M() -> ()") != nil)  // one label
        #expect(error("interface org.-x.y\nmethod M() -> ()") != nil)
        #expect(error("interface org.example.x\nmethod m() -> ()") != nil)  // lowercase method
        #expect(error("interface org.example.x\nmethod M(_a: int) -> ()") != nil)
        #expect(error("interface org.example.x\nmethod M(a__b: int) -> ()") != nil)
        #expect(error("interface org.example.x\nmethod M(a_: int) -> ()") != nil)
        #expect(error("interface org.example.x\nmethod M(a: Nope) -> ()")?.message.contains("undefined type") == true)
        #expect(error("interface org.example.x\nmethod M() -> ()\nerror M ()")?.message.contains("duplicate") == true)
        #expect(error("interface org.example.x\nmethod M(a: int, a: int) -> ()")?.message.contains("duplicate") == true)
        #expect(error("interface org.example.x\nmethod M(a: ??int) -> ()") != nil)
        #expect(error("interface org.example.x\nmethod M() ()") != nil)
        #expect(error("interface org.example.x\n") != nil)  // no members
        #expect(error("interface org.example.x\nmethod M() -> () junk") != nil)
        #expect(error("interface org.example.x\ntype T ()") != nil)  // ambiguous empty
        #expect(error("interface org.example.x\nmethod M(e: (a, b: int)) -> ()") != nil)
        #expect(error("interface org.example.x\nmethod M(a int) -> ()") != nil)
    }

    @Test func acceptsInterfaceNamesWithDashesAndDigits() throws {
        #expect(try VarlinkIDLParser.parse("interface io.train-ingd.v2\nmethod M() -> ()").name == "io.train-ingd.v2")
    }
}
