/// How a gradient check compares the analytic and numerical Jacobians.
public enum GradientCheckMode: Hashable, Sendable, CustomStringConvertible {
    /// Every element of the input, one finite difference each: the worst element
    /// is located exactly, at the cost of (input count) x (stencil size) forward passes.
    case elementwise
    /// One seeded random unit direction u per input (PyTorch's fast gradcheck,
    /// Wang et al. 2021): v^T J u, with v = dy, computed as the directional
    /// derivative of L = <dy, y> along u, against <J^T v, u> from the analytic
    /// backward. A stencil's worth of forward passes whatever the tensor size.
    /// A wrong backward with error vector d != 0 passes only when |<d, u>|
    /// falls below the tolerance, which for a random direction has probability
    /// of order tolerance / |d|.
    case randomProjection(seed: UInt64)

    public var description: String {
        switch self {
        case .elementwise: return "elementwise"
        case .randomProjection(let seed): return "random projection (seed \(seed))"
        }
    }
}
