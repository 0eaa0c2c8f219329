/// A kernel with the bound it is judged by.
package struct CheckedKernel: Sendable {
    public let kernel: any NormalizationKernel
    public let bound: ErrorBound

    public init(_ kernel: any NormalizationKernel, bound: ErrorBound = .kernelErrorBound) {
        self.kernel = kernel
        self.bound = bound
    }
}
