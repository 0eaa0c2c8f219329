import Dispatch
import NormUnderTest

/// The machine's memory bandwidth, measured STREAM-style in the same run
/// (`Benchmark` measures it before and after the kernels and keeps the larger),
/// and the same copy on any buffers (each row's same-size copy):
/// copy n floats to n floats (8 bytes of traffic per element), arrays of
/// 64 Mi floats (256 MiB each, far above any last-level cache), plain SIMD
/// loads and stores as the kernels use, split over all threads.
enum StreamCopy {
    static let elements = 64 << 20

    /// The median copy bandwidth in GB/s (1e9 bytes per second).
    static func measure(threads: Int, repetitions: Int, warmups: Int) -> Double {
        let source = UnsafeMutableBufferPointer<Float>.allocate(capacity: elements)
        let destination = UnsafeMutableBufferPointer<Float>.allocate(capacity: elements)
        defer { source.deallocate(); destination.deallocate() }
        for i in 0..<elements { source[i] = Float(i & 1023) }
        destination.initialize(repeating: 0)
        let seconds = time(from: UnsafePointer(source.baseAddress!), to: destination.baseAddress!, count: elements,
                           threads: threads, repetitions: repetitions, warmups: warmups)
        return Double(8 * elements) / seconds / 1e9
    }

    /// The median seconds of copying `count` floats, split as `measure` splits them.
    static func time(
        from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int,
        threads: Int, repetitions: Int, warmups: Int
    ) -> Double {
        Timing.median(repetitions: repetitions, warmups: warmups) {
            copy(from: source, to: destination, count: count, threads: threads)
        }
    }

    /// Chunks dealt out by the kernels' own `ParallelFor` (with one worker:
    /// a plain loop), so that the copy is measured on the same terms.
    private static func copy(
        from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int, threads: Int
    ) {
        let chunks = threads > 1 ? threads * ParallelFor.chunksPerWorker : 1
        ParallelFor.run(tasks: chunks, threads: threads) { chunk in
            let lower = count / chunks * chunk
            let upper = chunk == chunks - 1 ? count : count / chunks * (chunk + 1)
            var i = lower
            while i + 16 <= upper {
                let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(destination + i).storeBytes(of: v, as: SIMD16<Float>.self)
                i += 16
            }
            while i < upper { destination[i] = source[i]; i += 1 }
        }
    }
}

/// Wall-clock medians.
enum Timing {
    /// Runs `body` `warmups` times untimed, then `repetitions` times; the median seconds.
    static func median(repetitions: Int, warmups: Int, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmups { try body() }
        var times: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        let middle = times.count / 2
        return times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    }
}
