/// Numerical derivatives of scalar functions of many Double inputs.
///
/// These are the raw stencils; `FiniteDifferenceErrorModel` says which step
/// to use and how far the result may be from the true derivative, and
/// `GradientChecker` applies both to normalization problems.
package enum FiniteDifference {
    /// The derivative of a function of one variable at `point`.
    /// - Throws: `GradCheckError.invalidStep` when `step` is not finite and positive;
    ///   whatever `f` throws, as `GradCheckError.normalization`.
    public static func derivative(
        of f: (Double) throws(NormError) -> Double,
        at point: Double, step: Double, scheme: DifferenceScheme = .central
    ) throws(GradCheckError) -> Double {
        try checkStep(step)
        var sum = 0.0
        for (offset, weight) in zip(scheme.offsets, scheme.weights) {
            sum += weight * (try GradCheckError.wrapping { () throws(NormError) in try f(point + offset * step) })
        }
        return sum / step
    }

    /// The gradient of `f` at `point`, one coordinate at a time.
    /// - Parameter steps: one step per coordinate (coordinates may live on different scales).
    /// - Complexity: `point.count * scheme.offsets.count` evaluations of `f`.
    public static func gradient(
        of f: ([Double]) throws(NormError) -> Double,
        at point: [Double], steps: [Double], scheme: DifferenceScheme = .central
    ) throws(GradCheckError) -> [Double] {
        try GradCheckError.wrapping { () throws(NormError) in try Validation.checkLength("steps", steps.count, point.count) }
        var probe = point
        var result: [Double] = []
        result.reserveCapacity(point.count)
        for i in point.indices {
            let value = try derivative(of: { (t: Double) throws(NormError) -> Double in
                probe[i] = t
                return try f(probe)
            }, at: point[i], step: steps[i], scheme: scheme)
            probe[i] = point[i]
            result.append(value)
        }
        return result
    }

    /// The directional derivative d/dt f(point + t * direction) at t = 0, that is
    /// <grad f, direction>, from `scheme.offsets.count` evaluations whatever the dimension.
    public static func directionalDerivative(
        of f: ([Double]) throws(NormError) -> Double,
        at point: [Double], along direction: [Double], step: Double, scheme: DifferenceScheme = .central
    ) throws(GradCheckError) -> Double {
        try GradCheckError.wrapping { () throws(NormError) in try Validation.checkLength("direction", direction.count, point.count) }
        return try derivative(of: { (t: Double) throws(NormError) -> Double in
            try f(zip(point, direction).map { $0 + t * $1 })
        }, at: 0, step: step, scheme: scheme)
    }

    private static func checkStep(_ step: Double) throws(GradCheckError) {
        guard step.isFinite, step > 0 else { throw .invalidStep(step) }
    }
}
