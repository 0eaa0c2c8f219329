import Foundation

/// The standard normal quantile (the inverse of the normal distribution
/// function), by Wichura's rational approximations: Algorithm AS 241,
/// PPND16, "The Percentage Points of the Normal Distribution", Applied
/// Statistics 37(3), 1988, 477-484; relative error about 1e-16.
///
/// `SplitMix64.normal()` draws by inversion through it: one uniform draw a
/// deviate, and for the central 85% of the probability (|p - 1/2| <= 0.425)
/// only additions, multiplications and one division, which IEEE 754 rounds
/// identically everywhere, so those deviates are the same bits on every
/// platform. Box-Muller, used before, needed a logarithm and a cosine for
/// every deviate: they were a third of the default gate's CPU time.
enum NormalQuantile {
    /// z with Phi(z) = p, for p in (0, 1).
    static func value(at p: Double) -> Double {
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * horner(central.numerator, r) / horner(central.denominator, r)
        }
        // The smaller tail's probability, exact (Sterbenz) on either side.
        let tail = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let z = tail <= 5 ? horner(near.numerator, tail - 1.6) / horner(near.denominator, tail - 1.6)
            : horner(far.numerator, tail - 5) / horner(far.denominator, tail - 5)
        return q < 0 ? -z : z
    }

    /// sum c_i r^i, highest power first (the order AS 241 evaluates in).
    @inline(__always)
    private static func horner(_ coefficients: SIMD8<Double>, _ r: Double) -> Double {
        var sum = coefficients[7]
        for i in (0..<7).reversed() { sum = sum * r + coefficients[i] }
        return sum
    }

    /// Coefficients, lowest power first, of one rational approximation.
    private typealias Rational = (numerator: SIMD8<Double>, denominator: SIMD8<Double>)

    /// |p - 1/2| <= 0.425, in r = 0.180625 - (p - 1/2)^2.
    private static let central: Rational = (
        [3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
         4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3],
        [1, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
         2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3])

    /// sqrt(-log(tail)) <= 5, in r = sqrt(-log(tail)) - 1.6.
    private static let near: Rational = (
        [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
         1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4],
        [1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
         1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9])

    /// sqrt(-log(tail)) > 5 (tail below about 1.4e-11), in r = sqrt(-log(tail)) - 5.
    private static let far: Rational = (
        [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
         2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7],
        [1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
         7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15])
}
