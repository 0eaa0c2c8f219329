import Foundation
import Testing
import GradCheck

/// The worst ratio (error / tolerance) a property measured over its cases,
/// for reporting how close a correct kernel comes to its bound
/// (NORMCHECK_VERBOSE=1 prints it).
final class BoundMeasurement: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var worst: Mismatch?

    /// `property` with every measured case recorded here.
    func recording(_ property: Property) -> Property {
        Property(name: property.name, kernels: property.kernels, generator: property.generator,
                 requirement: property.requirement) { testCase in
            let outcome = try property.check(testCase)
            if case .measured(let mismatch) = outcome {
                self.lock.lock()
                if mismatch.ratio > (self.worst?.ratio ?? -1) { self.worst = mismatch }
                self.lock.unlock()
            }
            return outcome
        }
    }

    func report(_ label: String) {
        guard ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil else { return }
        print("\(label): worst ratio \(worst.map { "\($0.ratio) (\($0.label) \($0.element))" } ?? "none")")
    }
}

extension BoundMeasurement {
    /// `kernelVsReference` of `kernel` judged by `bound` on `families`, recorded here.
    func property(_ kernel: any NormalizationKernel, bound: ErrorBound, families: [NormalizerFamily]) -> Property {
        var property = Properties.kernelVsReference(kernel, bound: bound)
        property.generator.families = families
        return recording(property)
    }

    /// `kernel` meets `bound` on `families` (`expectHolds`); prints the worst ratio when verbose.
    static func expectMeets(_ kernel: any NormalizationKernel, _ bound: ErrorBound, families: [NormalizerFamily],
                            filter: String) {
        let measurement = BoundMeasurement()
        expectHolds(measurement.property(kernel, bound: bound, families: families), filter: filter)
        measurement.report("\(kernel.name), \(bound.name), \(families.map(\.rawValue).joined(separator: ","))")
    }
}
