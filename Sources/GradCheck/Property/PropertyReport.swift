/// The result of running one property.
public struct PropertyReport: Sendable, CustomStringConvertible {
    public let property: String
    public let kernels: [String]
    public let seed: UInt64
    /// Cases that were evaluated and passed.
    public let passed: Int
    /// Cases the property discarded, and draws for which no admissible case
    /// existed (for example configurations a kernel does not support).
    public let skipped: Int
    public let failure: PropertyFailure?

    public var succeeded: Bool { failure == nil }

    public var description: String {
        let kernelText = kernels.isEmpty ? "" : " on \(kernels.joined(separator: ", "))"
        guard let failure else {
            return "property \(property)\(kernelText): \(passed) cases passed, \(skipped) skipped (seed \(seed))"
        }
        return "property \(property)\(kernelText) FAILED after \(passed) passing cases (seed \(seed))\n\(failure)"
    }
}
