#if canImport(Glibc)
import Glibc
#endif

/// glibc allocator settings for a process that allocates and frees arrays of
/// megabytes thousands of times: the gate's scale tier draws, normalizes and
/// bounds tensors of up to 2^22 elements, case after case.
///
/// By default glibc serves every block above its mmap threshold (128 KiB at
/// start, raised as blocks are freed, to 32 MiB at most) with a fresh `mmap`,
/// unmaps it on `free`, and returns the heap's top to the system above
/// 128 KiB. Each case's arrays then arrive as new pages the system must fault
/// in and zero: page faults took a fifth of the default gate's CPU time
/// (`perf record` on `normcheck gate`: 20.5 s, 6 s of it system time). Serving
/// blocks up to 32 MiB (glibc's largest threshold on 64-bit) from the heap,
/// never trimming it and growing it 256 MiB at a time lets freed pages be
/// reused: 13.6 s, 0.6 s of system time, max RSS 533 -> 590 MB (release
/// build, 2-core EPYC).
///
/// Only the executable sets this: it is the process's policy, not the
/// library's, and a user's test runner keeps its own. `mallopt` is not in
/// Swift's Glibc module, so it is looked up by name; where the lookup fails
/// (another C library) nothing changes.
enum AllocatorTuning {
    /// glibc's `mallopt` parameters (malloc.h).
    private static let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3

    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, Int32.max)
        _ = mallopt(topPad, 256 << 20)
        #endif
    }
}
