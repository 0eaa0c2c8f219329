import NormUnderTest

/// A kernel's median seconds, forward and backward.
struct BenchmarkTimes {
    let forward: Double
    let backward: Double
}

/// Caller-allocated tensors for one benchmark shape, filled once, reused by
/// every row, so that timings hold no allocation and no first-touch page faults.
struct BenchmarkTensors {
    let shape: Shape4D
    let x, y, dy, dx: UnsafeMutableBufferPointer<Float>
    let gamma, beta, dgamma, dbeta: UnsafeMutableBufferPointer<Float>
    /// Room for the largest statistics count (N*C).
    let mean, rstd: UnsafeMutableBufferPointer<Float>

    init(_ shape: Shape4D) {
        self.shape = shape
        func filled(_ count: Int, _ value: (Int) -> Float) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            for i in 0..<count { buffer[i] = value(i) }
            return buffer
        }
        // A fixed, cheap pseudo-random pattern: timing does not depend on values.
        var state: UInt32 = 0x9E37_79B9
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) - 0.5
        }
        x = filled(shape.count) { _ in next() * 4 + 1 }
        dy = filled(shape.count) { _ in next() }
        y = filled(shape.count) { _ in 0 }
        dx = filled(shape.count) { _ in 0 }
        gamma = filled(shape.c) { _ in 1 + next() }
        beta = filled(shape.c) { _ in next() }
        dgamma = filled(shape.c) { _ in 0 }
        dbeta = filled(shape.c) { _ in 0 }
        mean = filled(shape.n * shape.c) { _ in 0 }
        rstd = filled(shape.n * shape.c) { _ in 0 }
    }

    func deallocate() {
        for buffer in [x, y, dy, dx, gamma, beta, dgamma, dbeta, mean, rstd] { buffer.deallocate() }
    }

    /// Median seconds of copying x to y: the forward's traffic floor.
    func timeCopy(threads: Int, repetitions: Int, warmups: Int) -> Double {
        StreamCopy.time(from: UnsafePointer(x.baseAddress!), to: y.baseAddress!, count: shape.count, threads: threads,
                        repetitions: repetitions, warmups: warmups)
    }

    /// Median seconds of the `PassSkeleton` passes over the tensor cut into
    /// `sets` contiguous sets: the two-pass and the one-pass forward.
    func timeSkeletons(
        sets: Int, threads: Int, repetitions: Int, warmups: Int
    ) -> PassSkeleton.Times {
        let (x, y) = (UnsafePointer(x.baseAddress!), y.baseAddress!)
        func time(_ pass: (Int, Int) -> Void) -> Double {
            PassSkeleton.time(pass, sets: sets, size: shape.count / sets, threads: threads, repetitions: repetitions,
                              warmups: warmups)
        }
        return PassSkeleton.Times(twoPass: time { PassSkeleton.twoPass(x, y, offset: $0, count: $1) },
                                  onePass: time { PassSkeleton.onePass(x, y, offset: $0, count: $1) })
    }

    /// Median seconds of forward and of backward (from that forward's statistics).
    func time(
        _ config: NormalizationConfig, kernels: FloatKernels, repetitions: Int, warmups: Int
    ) throws(NormError) -> BenchmarkTimes {
        let count = config.normalizer.statisticsCount(for: shape)
        let mean = UnsafeMutableBufferPointer(rebasing: self.mean[0..<count])
        let rstd = UnsafeMutableBufferPointer(rebasing: self.rstd[0..<count])
        do {
            let forward = try Timing.median(repetitions: repetitions, warmups: warmups) {
                try kernels.forward(config, shape: shape, layout: .nchw, x: UnsafeBufferPointer(x),
                                    gamma: UnsafeBufferPointer(gamma), beta: UnsafeBufferPointer(beta),
                                    y: y, mean: mean, rstd: rstd)
            }
            let backward = try Timing.median(repetitions: repetitions, warmups: warmups) {
                try kernels.backward(config, shape: shape, layout: .nchw, x: UnsafeBufferPointer(x),
                                     gamma: UnsafeBufferPointer(gamma), mean: UnsafeBufferPointer(mean),
                                     rstd: UnsafeBufferPointer(rstd), dy: UnsafeBufferPointer(dy),
                                     dx: dx, dgamma: dgamma, dbeta: dbeta)
            }
            return BenchmarkTimes(forward: forward, backward: backward)
        } catch let error as NormError {
            throw error
        } catch {
            throw .unsupported(kernel: kernels.name, configuration: "\(error)")
        }
    }
}
