import ChildProcess
import Foundation
import TestSupport
import Testing

/// The fuzzer's committed corpus (Fuzz/corpus, grown by scripts/soak) replayed through the same
/// checks by the plain build of the fuzz target, so every input it ever found interesting stays
/// a regression test without the sanitizer toolchain.
@Suite("Fuzz corpus replay")
struct HostileFuzzCorpusTests {
    @Test func everyCorpusInputPassesTheFuzzChecks() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus)
        #expect(files.count >= 20)
        let replay = try await ChildProcess.runDetached(try TestDaemon.executable("VarlinkFuzz"), [corpus])
        #expect(replay.status == 0, "\(replay.output.suffix(3000))")
        #expect(replay.output.contains("replayed \(files.count) inputs"), "\(replay.output.suffix(500))")
    }
}
