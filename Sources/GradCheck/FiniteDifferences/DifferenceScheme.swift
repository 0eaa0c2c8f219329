/// A finite-difference stencil for a first derivative, with the two constants
/// its error analysis needs.
///
/// Every scheme here is antisymmetric: f'(x) ~ (1/h) sum_k w_k f(x + o_k h).
/// Its error has two parts (Nocedal & Wright, "Numerical Optimization", 2nd ed.,
/// section 8.1; Sauer, "Numerical Analysis", section 5.1):
///
/// - truncation: the Taylor remainder, `truncationConstant * h^order * |f^(order+1)|`;
/// - rounding: each evaluation of f carries an absolute error up to eps_f, and
///   the weighted sum divided by h turns it into at most
///   `roundingWeight * eps_f / h` with roundingWeight = sum_k |w_k|.
///
/// `FiniteDifferenceErrorModel` balances the two to choose h.
public enum DifferenceScheme: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// (f(x+h) - f(x-h)) / 2h. Taylor: f(x +- h) = f +- h f' + h^2 f''/2 +- h^3 f'''/6 + ...,
    /// so the difference quotient is f' + h^2 f'''(xi)/6: order 2, constant 1/6.
    /// Weights +-1/2, so roundingWeight = 1.
    case central
    /// The 4-point stencil (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h: the
    /// h^2 terms of the two central quotients at h and 2h cancel (it is one step
    /// of Richardson extrapolation of `central`), leaving -h^4 f^(5)(xi)/30:
    /// order 4, constant 1/30. Weights (1, -8, 8, -1)/12, so roundingWeight = 18/12.
    case fourthOrder

    /// The offsets o_k (in units of h) at which f is evaluated.
    public var offsets: [Double] {
        switch self {
        case .central: return [-1, 1]
        case .fourthOrder: return [-2, -1, 1, 2]
        }
    }

    /// The weights w_k, matching `offsets`.
    public var weights: [Double] {
        switch self {
        case .central: return [-0.5, 0.5]
        case .fourthOrder: return [1.0 / 12, -8.0 / 12, 8.0 / 12, -1.0 / 12]
        }
    }

    /// p in the truncation error C h^p |f^(p+1)|.
    public var order: Int {
        switch self {
        case .central: return 2
        case .fourthOrder: return 4
        }
    }

    /// C in the truncation error C h^p |f^(p+1)| (derived above for each case).
    public var truncationConstant: Double {
        switch self {
        case .central: return 1.0 / 6
        case .fourthOrder: return 1.0 / 30
        }
    }

    /// sum_k |w_k|: how much the evaluation error eps_f is amplified, before dividing by h.
    public var roundingWeight: Double { weights.reduce(0) { $0 + abs($1) } }

    public var description: String { rawValue }
}
