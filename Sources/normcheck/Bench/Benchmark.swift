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
/// A forward of contiguous sets reads each set more than once, so on a
/// cache-resident tensor the copy is out of reach; `PassSkeleton` times, on
/// the same tensor, the bare passes of the kernels' algorithm class.
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
            var timed: [(BenchmarkNormalizer, kernel: BenchmarkTimes, skeleton: PassSkeleton.Times?)] = []
            for normalizer in options.normalizers where normalizer.applies(to: shape.shape) {
                let config = NormalizationConfig(normalizer.normalizer)
                let kernel = try tensors.time(config, kernels: kernels, repetitions: repetitions, warmups: warmups)
                let sets = config.normalizer.statisticsCount(for: shape.shape)
                let skeleton = normalizer.hasContiguousSets && PassSkeleton.applies(setSize: shape.shape.count / sets)
                    ? tensors.timeSkeletons(sets: sets, threads: threads, repetitions: repetitions, warmups: warmups)
                    : nil
                timed.append((normalizer, kernel, skeleton))
            }
            let copy = min(copyBefore, tensors.timeCopy(threads: threads, repetitions: repetitions, warmups: warmups))
            for (normalizer, kernel, skeleton) in timed {
                for direction in BenchmarkDirection.allCases {
                    let forward = direction == .forward
                    rows.append(BenchmarkRow(
                        normalizer: normalizer.rawValue, shape: shape.name, direction: direction,
                        elements: shape.shape.count, seconds: forward ? kernel.forward : kernel.backward,
                        copySeconds: copy, threads: threads,
                        twoPassSeconds: forward ? skeleton?.twoPass : nil,
                        onePassSeconds: forward ? skeleton?.onePass : nil))
                }
            }
        }
        let after = StreamCopy.measure(threads: threads, repetitions: repetitions, warmups: warmups)
        return BenchmarkReport(streamCopyGBps: max(before, after), rows: rows)
    }
}
