import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

/// The daemon as the reference Python client (varlink 31.0.0, installed by scripts/test) sees it.
@Suite("Varlink conformance with the Python reference client")
struct ConformanceTests {
    static var python: String {
        get throws {
            guard let python = ProcessInfo.processInfo.environment["TRAININGD_TEST_PYTHON"] else {
                throw TestSetupError("TRAININGD_TEST_PYTHON is not set: run scripts/test, which installs the varlink client")
            }
            return python
        }
    }

    @Test func referenceClientAgrees() async throws {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "conform"))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/conformance.py").path
        let run = try await ChildProcess.runDetached(try Self.python, [script, daemon.socketPath])
        let json = try #require(run.output.split(separator: "\n").last.map(String.init), "output: \(run.output)")
        let report = try JSONParser.parse(Array(json.utf8))

        let interfaces = report["interfaces"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(interfaces.first == "org.varlink.service")
        #expect(Set(interfaces) == Set(["org.varlink.service"] + TrainingServiceNames.all), "interfaces: \(interfaces)")
        for name in interfaces {
            #expect(report["parsed"]?[name]?["ok"] == .bool(true), "\(name) parses: \(String(describing: report["parsed"]?[name]))")
        }
        #expect(report["parsed"]?["io.trainingd.Events"]?["members"]?.arrayValue?.contains(.string("Watch")) == true)

        #expect(report["wrong_type"]?["error"] == .string("org.varlink.service.InvalidParameter"))
        #expect(report["wrong_type"]?["parameters"]?["parameter"] == .string("uid"))
        #expect(report["wrong_type_library"]?["error"] == .string("org.varlink.service.InvalidParameter"))
        #expect(report["unknown_enum"]?["error"] == .string("org.varlink.service.InvalidParameter"))
        #expect(report["unknown_enum"]?["parameters"]?["parameter"] == .string("role"))
        #expect(report["missing_field"]?["error"] == .string("org.varlink.service.InvalidParameter"))
        #expect(report["missing_field"]?["parameters"]?["parameter"] == .string("name"))

        #expect(report["unknown_method"]?["error"] == .string("org.varlink.service.MethodNotFound"))
        #expect(report["unknown_method"]?["parameters"]?["method"] == .string("io.trainingd.System.NoSuchMethod"))
        #expect(report["unknown_interface"]?["error"] == .string("org.varlink.service.InterfaceNotFound"))

        #expect(report["create_tenant_error"] == nil, "the conformance tenant was created")
        #expect(report["watch_more"]?["continues"] == .bool(true), "Watch streams: \(String(describing: report["watch_more"]))")
        #expect(report["watch_more"]?["parameters"]?["cursor"]?.stringValue?.isEmpty == false)
        #expect(report["watch_more"]?["error"] == nil)
        #expect(report["watch_without_more"]?["error"] == .string("org.varlink.service.ExpectedMore"))
        #expect(report["watch_library_first"]?["cursor"]?.stringValue?.isEmpty == false)
        #expect(await daemon.terminate() == 0)
    }
}

enum TrainingServiceNames {
    static let all = [
        "io.trainingd.System", "io.trainingd.Geography", "io.trainingd.Events", "io.trainingd.People",
        "io.trainingd.Registrations", "io.trainingd.Attendance", "io.trainingd.Plans", "io.trainingd.Reports",
    ]
}
