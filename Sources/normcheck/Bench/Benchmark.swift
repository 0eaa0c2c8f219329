import NormUnderTest

/// `normcheck bench`: forward and backward of the Float kernels against the
/// copy of exactly the same tensor, in the same run with the same threads.
/// A program, not a test: nothing here asserts a time.
///
/// The yardstick is the row's own traffic floor: a forward reads x and
/// writes y (a copy of n floats), a backward reads x and dy and writes dx
/// (1.5 copies). When the tensor fits in the last-level cache, a DRAM
/// STREAM copy would measure the wrong limit, so each shape's copy is timed
/// on that shape's buffers; the STREAM figure is still reported beside it.
enum Benchmark {
    /// Times the same-size copy before and after each shape's rows and keeps
    /// the faster (the larger floor): on a shared machine a copy measured in a
    /// busy moment would flatter the kernels. STREAM likewise before and after all rows.
    static func run(_ options: BenchmarkOptions) throws(NormError) -> BenchmarkReport {
        let (threads, repetitions, warmups) = (options.threads, options.repetitions, options.warmups)
        let before = StreamCopy.measure(threads: threads, repetitions: repetitions, warmups: warmups)
        let kernels = FloatKernels(threads: threads, streamingThreshold: options.streamingThreshold)
        var rows: [BenchmarkRow] = []
        for shape in options.shapes {
            let tensors = BenchmarkTensors(shape.shape)
            defer { tensors.deallocate() }
            let copyBefore = tensors.timeCopy(threads: threads, repetitions: repetitions, warmups: warmups)
            var timings: [(normalizer: String, forward: Double, backward: Double)] = []
            for normalizer in options.normalizers where normalizer.applies(to: shape.shape) {
                let times = try tensors.time(NormalizationConfig(normalizer.normalizer), kernels: kernels,
                                             repetitions: repetitions, warmups: warmups)
                timings.append((normalizer.rawValue, times.forward, times.backward))
            }
            let copy = min(copyBefore, tensors.timeCopy(threads: threads, repetitions: repetitions, warmups: warmups))
            for timing in timings {
                for direction in BenchmarkDirection.allCases {
                    let seconds = direction == .forward ? timing.forward : timing.backward
                    rows.append(BenchmarkRow(normalizer: timing.normalizer, shape: shape.name, direction: direction,
                                             elements: shape.shape.count, seconds: seconds, copySeconds: copy,
                                             threads: threads))
                }
            }
        }
        let after = StreamCopy.measure(threads: threads, repetitions: repetitions, warmups: warmups)
        return BenchmarkReport(streamCopyGBps: max(before, after), rows: rows)
    }
}
