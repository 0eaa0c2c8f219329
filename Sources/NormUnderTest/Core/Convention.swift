/// The arithmetic conventions a normalization implements where frameworks
/// differ on purpose (README "Conventions" lists who uses which).
///
/// The default, `pytorch`, is the one Docs/ states and the
/// golden fixtures pin: biased set variance var = S/m under the square root,
/// s = sqrt(var + eps), the running variance updated with the unbiased
/// S/(m - 1), running <- (1 - momentum) running + momentum batch
/// (`torch.nn.BatchNorm2d`). A kernel declares its own
/// (`NormalizationKernel.convention`) and is judged against the Double
/// reference run in that convention (`Reference.forward(_:shape:inputs:convention:)`),
/// whose backward is the exact gradient of that forward.
public struct Convention: Hashable, Sendable, CustomStringConvertible {
    /// The divisor of a sum of squared deviations S over m terms.
    public enum Variance: String, Hashable, Sendable {
        /// S / m (the population variance).
        case biased
        /// S / (m - 1) (Bessel's correction); undefined for a set of one.
        case unbiased
    }

    /// Where eps enters the standard deviation.
    public enum Epsilon: String, Hashable, Sendable {
        /// s = sqrt(var + eps).
        case insideSquareRoot
        /// s = sqrt(var) + eps.
        case onStandardDeviation
    }

    /// How the momentum parameter weighs the running-statistics update.
    public enum Momentum: String, Hashable, Sendable {
        /// running <- (1 - momentum) running + momentum batch (PyTorch).
        case weightOfBatch
        /// running <- momentum running + (1 - momentum) batch (TensorFlow/Keras "decay").
        case decay
    }

    /// The variance the sets are normalized with (training batch statistics).
    public var setVariance: Variance
    public var eps: Epsilon
    /// The batch variance the running variance is updated with.
    public var runningVariance: Variance
    public var momentum: Momentum

    public init(setVariance: Variance = .biased, eps: Epsilon = .insideSquareRoot,
                runningVariance: Variance = .unbiased, momentum: Momentum = .weightOfBatch) {
        self.setVariance = setVariance
        self.eps = eps
        self.runningVariance = runningVariance
        self.momentum = momentum
    }

    /// PyTorch's (`torch.nn.BatchNorm2d`, `LayerNorm`, `GroupNorm`, `InstanceNorm2d`): the default.
    public static let pytorch = Convention()
    /// Keras's `BatchNormalization` (TensorFlow 2, Keras 3): momentum as a
    /// decay and the running variance updated with the biased batch variance.
    public static let keras = Convention(runningVariance: .biased, momentum: .decay)

    public var isDefault: Bool { self == .pytorch }

    /// S / m or S / (m - 1).
    public static func divide(_ squares: Double, count m: Int, _ variance: Variance) -> Double {
        squares / Double(variance == .biased ? m : m - 1)
    }

    /// s from the normalization variance.
    public func standardDeviation(variance: Double, eps: Double) -> Double {
        switch self.eps {
        case .insideSquareRoot: return (variance + eps).squareRoot()
        case .onStandardDeviation: return variance.squareRoot() + eps
        }
    }

    /// The weights (of the old running value, of the batch statistic) of the update.
    public func updateWeights(momentum: Double) -> (keep: Double, batch: Double) {
        switch self.momentum {
        case .weightOfBatch: return (1 - momentum, momentum)
        case .decay: return (momentum, 1 - momentum)
        }
    }

    /// Whether the convention's statistics are defined on a set of `m` elements.
    public func isDefined(setSize m: Int) -> Bool { setVariance == .biased || m >= 2 }

    public var description: String {
        isDefault ? "pytorch" : "variance \(setVariance.rawValue), eps \(eps.rawValue), running variance "
            + "\(runningVariance.rawValue), momentum \(momentum.rawValue)"
    }
}
