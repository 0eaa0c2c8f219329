import Foundation

/// The switch weights of SN (softmax; Luo et al. 2019) or SSN (SparsestMax;
/// Shao et al. 2019) for one logit vector, with bounds on how far a Float
/// kernel's weights and logit gradients may be from the exact ones.
///
/// A Float kernel rounds the logits to Float and computes the map in Float:
/// - its input errs by u|z_j| per logit, and the map's first operation
///   (z - max z for softmax, z - mean z or the sort's partial sums for
///   SparsestMax) by a few u max|z| more: both are a perturbation of each
///   logit by at most delta = 8u (max|z| + 1). The first-order effect on any
///   smooth function f of the logits is at most
///   sum_j max(|f(z + delta e_j) - f(z)|, |f(z - delta e_j) - f(z)|), which is
///   evaluated exactly that way (six evaluations of the Double map); it also
///   sees a jump of f (a tie between SparsestMax's candidates, a vertex at the
///   largest radius) within delta, which a first-order formula would miss;
/// - the map's own further roundings: softmax's exp, sum and division err by
///   6u relative; SparsestMax's threshold tau = (sum z - 1)/k and the circle
///   point 1/3 + r Pz/|Pz| by 8u (max|z| + 1) absolute, on every weight.
/// Logit gradients lambda = J^T d (d_t = dL/dw_t) err by |J|^T e_d (the error
/// of d, `logitTolerances`), plus the perturbation term above with
/// f = J(z)^T d, plus the roundings of evaluating J^T d in either form the
/// Docs/ gives: gamma_8 (|J|^T |d| + w_k (|d_k| + sum_l w_l |d_l|)), with
/// |d| + e_d for |d| (the kernel's d, mostly error when d is near 0); the
/// direct form w_k (d_k - sum_l w_l d_l) loses up to that much when w_k
/// rounds to 1, and a kernel may use it.
struct SwitchWeightErrors {
    enum Map {
        case softmax
        case sparsestMax(radius: Double)

        func weights(_ z: [Double]) throws(NormError) -> [Double] {
            switch self {
            case .softmax:
                let top = z.max() ?? 0
                let e = z.map { exp($0 - top) }
                let sum = e.reduce(0, +)
                return e.map { $0 / sum }
            case .sparsestMax(let radius):
                return try SparsestMax.project(z, radius: radius)
            }
        }

        /// J(z)^T v: dL/dz from dL/dw = v.
        func pullback(_ z: [Double], _ v: [Double]) throws(NormError) -> [Double] {
            switch self {
            case .softmax:
                let w = try weights(z)
                return zip(w, v).map { wk, vk in wk * zip(w, v).reduce(0.0) { $0 + $1.0 * (vk - $1.1) } }
            case .sparsestMax(let radius):
                return try SparsestMax.pullback(z, radius: radius, cotangent: v)
            }
        }
    }

    let map: Map
    let logits: [Double]
    /// The exact weights and the bound on each Float weight's error.
    let weights: [Double]
    let errors: [Double]
    private let delta: Double

    init(_ map: Map, logits: [Double]) throws(NormError) {
        self.map = map
        self.logits = logits
        let largest = logits.reduce(0.0) { max($0, abs($1)) }
        delta = 8 * GenericFloatBound.u * (largest + 1)
        let exact = try map.weights(logits)
        weights = exact
        var errors = try Self.perturbation(logits, delta: delta) { z throws(NormError) in try map.weights(z) }
        for k in errors.indices {
            switch map {
            case .softmax: errors[k] += 6 * GenericFloatBound.u * exact[k]
            case .sparsestMax: errors[k] += delta
            }
        }
        self.errors = errors.map { min($0, 1) }
    }

    /// The weights of a switchable normalizer: (mean, variance).
    static func of(_ normalizer: Normalizer) throws(NormError) -> (mean: SwitchWeightErrors, variance: SwitchWeightErrors)? {
        switch normalizer {
        case let .switchable(meanLogits, varLogits):
            return (try SwitchWeightErrors(.softmax, logits: meanLogits), try SwitchWeightErrors(.softmax, logits: varLogits))
        case let .sparseSwitchable(meanLogits, varLogits, radius):
            return (try SwitchWeightErrors(.sparsestMax(radius: radius), logits: meanLogits),
                    try SwitchWeightErrors(.sparsestMax(radius: radius), logits: varLogits))
        default:
            return nil
        }
    }

    /// sum_j max over +-delta of |f(z +- delta e_j) - f(z)|, per component.
    static func perturbation(_ z: [Double], delta: Double,
                             _ f: ([Double]) throws(NormError) -> [Double]) throws(NormError) -> [Double] {
        let center = try f(z)
        var total = [Double](repeating: 0, count: center.count)
        for j in z.indices {
            var largest = [Double](repeating: 0, count: center.count)
            for sign in [-1.0, 1.0] {
                var moved = z
                moved[j] += sign * delta
                let value = try f(moved)
                for k in center.indices { largest[k] = max(largest[k], abs(value[k] - center[k])) }
            }
            for k in total.indices { total[k] += largest[k] }
        }
        return total
    }

    /// Tolerances of the logit gradients J^T d, given d and the bound on its
    /// error (see the type's derivation).
    func logitTolerances(d: [Double], dError: [Double]) throws(NormError) -> [Double] {
        let gamma8 = GenericFloatBound.gamma(8)
        var tolerance = try Self.perturbation(logits, delta: delta) { z throws(NormError) in try map.pullback(z, d) }
        // The roundings act on the kernel's d, which may be mostly error
        // (d near 0): |d| + e_d, not |d|.
        let computed = zip(d, dError).map { abs($0) + $1 }
        let spread = zip(weights, computed).reduce(0.0) { $0 + $1.0 * $1.1 }
        for k in tolerance.indices { tolerance[k] += gamma8 * weights[k] * (computed[k] + spread) }
        for l in d.indices {
            let row = try map.pullback(logits, d.indices.map { $0 == l ? 1.0 : 0.0 })
            for k in tolerance.indices { tolerance[k] += abs(row[k]) * (dError[l] + gamma8 * computed[l]) }
        }
        return tolerance
    }
}
