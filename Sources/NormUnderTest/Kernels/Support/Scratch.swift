/// Temporary Float storage for a walk's partial results (leaf moments, cell
/// sums, per-set variances).
///
/// On the stack when the calling thread has room, else on the heap
/// (`withUnsafeTemporaryAllocation` decides at run time). Heap arrays of a
/// few hundred KiB cost page faults on every call: glibc maps them, or
/// trims the heap top after they are freed, and the kernel zeroes the pages
/// again (measured: 14% of a BatchNorm token forward and backward).
enum Scratch {
    /// Calls `body` with `count` Floats, set to 0 when `zeroed`, else uninitialized.
    @inline(__always)
    static func floats<R, E: Error>(
        _ count: Int, zeroed: Bool = false, _ body: (UnsafeMutablePointer<Float>) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, count)) { buffer throws(E) in
            if zeroed { buffer.initialize(repeating: 0) }
            return try body(buffer.baseAddress!)
        }
    }
}
