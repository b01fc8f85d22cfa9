#if canImport(Glibc)
import Glibc
#endif

/// Gives memory freed after a large computation back to the system. A Participation report
/// numbers half a million participations in tables of tens of megabytes on whichever blocking
/// thread runs it; glibc keeps freed heap memory in that thread's arena, so without this the
/// daemon's RSS stayed tens of megabytes higher after each report (35 MB -> 83 MB after five).
/// glibc's malloc_trim is looked up at run time: Swift's Glibc module does not export
/// <malloc.h>, and another C library simply has nothing to trim.
enum MemoryRelease {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func afterLargeComputation() {
        _ = trim?(0)
    }
}
