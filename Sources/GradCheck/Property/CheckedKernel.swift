/// A kernel with the tolerance it is judged by.
public struct CheckedKernel: Sendable {
    public let kernel: any NormalizationKernel
    public let tolerance: KernelTolerance

    public init(_ kernel: any NormalizationKernel, tolerance: KernelTolerance = .errorBound) {
        self.kernel = kernel
        self.tolerance = tolerance
    }
}
