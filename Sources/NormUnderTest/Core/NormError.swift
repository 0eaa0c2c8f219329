/// Every way an input to a normalizer can be wrong.
///
/// Each case names the argument at fault, so that a message read in a CI log
/// says what to fix without a debugger. Every public entry point of
/// `NormUnderTest` throws this type (typed throws) instead of trapping:
/// NormCheck checks other people's kernels and must never crash on their data.
public enum NormError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A dimension of a shape (`N`, `C`, `H` or `W`) is below 1.
    case invalidDimension(name: String, value: Int)
    /// The element count of a shape overflows `Int` or exceeds `Shape4D.maximumElementCount`.
    case shapeTooLarge(n: Int, c: Int, h: Int, w: Int)
    /// An array's length does not match what the shape requires.
    case lengthMismatch(argument: String, expected: Int, actual: Int)
    /// `eps` is negative, NaN or infinite.
    case invalidEps(Double)
    /// `momentum` is outside [0, 1] or not finite.
    case invalidMomentum(Double)
    /// The group count is below 1 or does not divide the channel count.
    case invalidGroups(groups: Int, channels: Int)
    /// A binary matrix (`V` or `U`) does not have the size the shape requires.
    case matrixSize(name: String, expectedRows: Int, expectedColumns: Int, actualRows: Int, actualColumns: Int)
    /// A binary matrix holds something other than 0 or 1.
    case nonBinaryEntry(name: String, row: Int, column: Int, value: Double)
    /// A row or column of a binary matrix sums to zero, so some cell would have no statistics.
    case emptyMatrixLine(name: String, line: MatrixLine, index: Int)
    /// BatchNorm training with a single value per channel (N*H*W == 1): the
    /// batch variance is 0/0 in the unbiased running update and meaningless.
    case singleValuePerChannel(shape: String)
    /// A Switchable Norm logit vector does not have exactly three entries (IN, LN, BN).
    case logitCount(argument: String, expected: Int, actual: Int)
    /// A value that must be finite (a logit, a radius, a running statistic) is not.
    case nonFiniteValue(argument: String, index: Int)
    /// A running variance is negative.
    case negativeRunningVariance(index: Int, value: Double)
    /// The SparsestMax radius lies outside [0, circumradius].
    case radiusOutOfRange(radius: Double, maximum: Double)
    /// Inference mode, or a running-statistics update, needs running statistics that were not given.
    case missingRunningStatistics(normalizer: String)
    /// The normalizer has no inference mode (only BatchNorm and the switchable norms have one).
    case inferenceUnsupported(normalizer: String)
    /// A set's variance plus eps is zero (a constant set with eps = 0, or a zero
    /// running variance with eps = 0): 1/sqrt(var + eps) is infinite and the
    /// normalized output undefined (0/0).
    case undefinedNormalization(statistic: Int)
    /// A kernel does not implement this configuration or layout.
    case unsupported(kernel: String, configuration: String)
    /// The data lies where Float arithmetic cannot meet the kernel's stated
    /// bound (squares that overflow, a variance that underflows below Float's
    /// smallest normal number): a kernel refuses such a case instead of
    /// returning Inf, NaN or zeros.
    case outsideFloatRange(statistic: Int, reason: String)
    /// The kernel itself failed: a kernel process that timed out, crashed or
    /// broke its protocol, or any other failure of the implementation that is
    /// not a fault of the input.
    case kernelFailure(kernel: String, reason: String)

    /// Which line of a matrix is meant by `emptyMatrixLine`.
    public enum MatrixLine: String, Hashable, Sendable { case row, column }

    public var description: String {
        switch self {
        case let .invalidDimension(name, value):
            return "dimension \(name) must be >= 1, got \(value)"
        case let .shapeTooLarge(n, c, h, w):
            return "shape (\(n), \(c), \(h), \(w)) has more than \(Shape4D.maximumElementCount) elements (or its element count overflows)"
        case let .lengthMismatch(argument, expected, actual):
            return "\(argument) has \(actual) elements, the shape requires \(expected)"
        case let .invalidEps(eps):
            return "eps must be finite and >= 0, got \(eps)"
        case let .invalidMomentum(momentum):
            return "momentum must be finite and in [0, 1], got \(momentum)"
        case let .invalidGroups(groups, channels):
            return "groups must be >= 1 and divide C = \(channels), got \(groups)"
        case let .matrixSize(name, er, ec, ar, ac):
            return "\(name) must be \(er) x \(ec), got \(ar) x \(ac)"
        case let .nonBinaryEntry(name, row, column, value):
            return "\(name)[\(row)][\(column)] must be 0 or 1, got \(value)"
        case let .emptyMatrixLine(name, line, index):
            return "\(line.rawValue) \(index) of \(name) sums to zero: every \(line.rawValue) needs at least one 1"
        case let .singleValuePerChannel(shape):
            return "BatchNorm training needs more than one value per channel (N*H*W > 1), shape \(shape) has one"
        case let .logitCount(argument, expected, actual):
            return "\(argument) must have \(expected) entries (IN, LN, BN), got \(actual)"
        case let .nonFiniteValue(argument, index):
            return "\(argument)[\(index)] must be finite"
        case let .negativeRunningVariance(index, value):
            return "runningVar[\(index)] must be >= 0, got \(value)"
        case let .radiusOutOfRange(radius, maximum):
            return "radius must be in [0, \(maximum)] (the circumradius), got \(radius)"
        case let .missingRunningStatistics(normalizer):
            return "\(normalizer) needs runningMean and runningVar here, none were given"
        case let .inferenceUnsupported(normalizer):
            return "\(normalizer) has no inference mode (only batch, switchable and sparse-switchable do)"
        case let .undefinedNormalization(statistic):
            return "statistic \(statistic) has var + eps = 0 (a constant set with eps = 0): the normalization is undefined"
        case let .unsupported(kernel, configuration):
            return "kernel \(kernel) does not support \(configuration)"
        case let .outsideFloatRange(statistic, reason):
            return "statistic \(statistic) is outside the Float range the kernel's bound holds in: \(reason)"
        case let .kernelFailure(kernel, reason):
            return "kernel \(kernel) failed: \(reason)"
        }
    }
}
