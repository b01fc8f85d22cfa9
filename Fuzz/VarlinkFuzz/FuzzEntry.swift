/// libFuzzer's entry point. Built by scripts/soak with `-sanitize=fuzzer,address -DFUZZING`, in
/// which case libFuzzer supplies `main`; otherwise `CorpusReplay` is the program.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    VarlinkFuzzInput.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
