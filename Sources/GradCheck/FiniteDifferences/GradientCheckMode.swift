/// How a gradient check compares the analytic and numerical Jacobians.
public enum GradientCheckMode: Hashable, Sendable, CustomStringConvertible {
    /// Every element of the input, one finite difference each: the worst element
    /// is located exactly, at the cost of (input count) x (stencil size) forward passes.
    case elementwise
    /// One seeded random unit direction u per input, in the manner of the fast
    /// mode of PyTorch's `torch.autograd.gradcheck`: v^T J u, with v = dy,
    /// computed as the directional derivative of L = <dy, y> along u, against
    /// <J^T v, u> from the analytic backward. A stencil's worth of forward
    /// passes whatever the tensor size. A wrong backward with error vector d
    /// passes only when |<d, u>| falls below the tolerance; for u uniform on the
    /// unit sphere of R^n, <d, u> ~ |d| N(0, 1) / sqrt(n), so that happens with
    /// probability about sqrt(2n/pi) tolerance / |d|.
    case randomProjection(seed: UInt64)

    public var description: String {
        switch self {
        case .elementwise: return "elementwise"
        case .randomProjection(let seed): return "random projection (seed \(seed))"
        }
    }
}
