import TargetIntrinsics

/// a*b + c in the kernels' sums of products and output sweeps: fused, one
/// rounding and one instruction, when the build targets fused multiply-add
/// hardware; else a product and a sum, two roundings.
///
/// Swift cannot ask which: `addingProduct` is always correctly rounded, one
/// instruction with FMA and a libm `fmaf` call per element without it, and
/// no `#if` names the instruction set. `TargetIntrinsics.h` reads clang's
/// macro under the same target options: a plain `swift build` for x86-64
/// has no FMA; `-Xswiftc -target-cpu -Xswiftc skylake-avx512` (the README's
/// benchmark build) and every AArch64 machine have it.
///
/// The error bounds hold for both: `KernelErrorBound` counts two roundings,
/// and to first order fl(ab + c) is off by at most u|ab + c|, below the
/// u|ab| + u|ab + c| of fl(fl(ab) + c) (Higham, "Accuracy and Stability of
/// Numerical Algorithms", 2nd ed., section 2.6). A kernel of either build is
/// bitwise the same for every thread count; the two builds differ in the
/// last bits.
enum MultiplyAdd {
    /// Whether this build fuses (`TARGET_HAS_FMA`), a constant the optimizer folds.
    static let isFused = TARGET_HAS_FMA != 0

    @inline(__always)
    static func apply<V: SIMD>(_ a: V, _ b: V, _ c: V) -> V where V.Scalar == Float {
        isFused ? c.addingProduct(a, b) : a * b + c
    }

    @inline(__always)
    static func apply(_ a: Float, _ b: Float, _ c: Float) -> Float {
        isFused ? c.addingProduct(a, b) : a * b + c
    }
}
