/// BatchNorm (Ioffe & Szegedy 2015): one set per channel, over N, H and W;
/// training updates the running statistics, inference normalizes with them.
///
/// | layout | forward | backward |
/// |---|---|---|
/// | NCHW | `StridedPlanesWalk.forward` | `StridedPlanesWalk.backward` |
/// | NHWC (and NCHW with H*W = 1) | `ChannelsLastWalk.forward` | `ChannelsLastWalk.backward` |
/// | inference | the running statistics, then `StridedPlanesWalk.normalize` / `ChannelsLastWalk.normalize` | as training, with k2 = k3 = 0 |
extension FloatKernels {
    func batchNormForward(
        _ config: NormalizationConfig, _ geometry: NormGeometry, _ p: ForwardBuffers,
        runningMean: UnsafeMutablePointer<Float>?, runningVar: UnsafeMutablePointer<Float>?
    ) {
        let eps = Float(config.eps)
        if config.mode == .inference, let runningMean, let runningVar {
            for c in 0..<geometry.setCount {
                p.mean[c] = runningMean[c]
                p.rstd[c] = 1 / (runningVar[c] + eps).squareRoot()
            }
            if geometry.channelsLast {
                ChannelsLastWalk.normalize(geometry, threads: threads, p)
            } else {
                StridedPlanesWalk.normalize(geometry, threads: threads, p)
            }
            return
        }
        if geometry.channelsLast {
            ChannelsLastWalk.forward(geometry, eps: eps, threads: threads, p)
        } else {
            StridedPlanesWalk.forward(geometry, eps: eps, threads: threads, p)
        }
        if let runningMean, let runningVar {
            updateRunning(config, geometry, p, runningMean: runningMean, runningVar: runningVar)
        }
    }

    func batchNormBackward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: BackwardBuffers) {
        let training = config.mode == .training
        CellGradientSums.accumulate(geometry, p) { sums in
            if geometry.channelsLast {
                ChannelsLastWalk.backward(geometry, training: training, threads: threads, p, sums)
            } else {
                StridedPlanesWalk.backward(geometry, training: training, threads: threads, p, sums)
            }
        }
    }

    /// running <- (1 - momentum) * running + momentum * batch, with the unbiased
    /// batch variance var * m / (m - 1) (PyTorch's convention).
    private func updateRunning(
        _ config: NormalizationConfig, _ geometry: NormGeometry, _ p: ForwardBuffers,
        runningMean: UnsafeMutablePointer<Float>, runningVar: UnsafeMutablePointer<Float>
    ) {
        let m = Double(geometry.setSize)
        let momentum = Float(config.momentum), keep = Float(1 - config.momentum)
        let unbias = Float(m / (m - 1))
        for c in 0..<geometry.setCount {
            runningMean[c] = keep * runningMean[c] + momentum * p.mean[c]
            runningVar[c] = keep * runningVar[c] + momentum * (p.variances[c] * unbias)
        }
    }
}
