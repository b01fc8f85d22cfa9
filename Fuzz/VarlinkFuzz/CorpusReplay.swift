import Foundation

/// Built by scripts/soak with `-sanitize=fuzzer,address -DFUZZING`, the program is libFuzzer
/// (its options and corpus directories on the command line). A normal build makes it a replayer
/// of corpus files or directories through the same checks, e.g. `VarlinkFuzz Fuzz/corpus`, so a
/// crash found by fuzzing can be reproduced and debugged without the sanitizer build.
@main
enum CorpusReplay {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzTestOneInput))
        #else
        var inputs = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: argument])
            }
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { "\(argument)/\($0)" }
                : [argument]
            for file in files {
                VarlinkFuzzInput.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
                inputs += 1
            }
        }
        print("replayed \(inputs) inputs")
        #endif
    }
}
