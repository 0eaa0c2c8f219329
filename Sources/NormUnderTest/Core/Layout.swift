/// The memory order of a 4-D tensor.
///
/// The reference works in NCHW only; kernels take either, and tests compare
/// them after `Layout.convert`.
public enum Layout: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Index ((n*C + c)*H + h)*W + w: each (n, c) plane is contiguous.
    case nchw
    /// Index ((n*H + h)*W + w)*C + c: channels-last, each pixel's channels contiguous.
    case nhwc

    public var description: String { rawValue.uppercased() }

    /// Reorders `data` of `shape` from layout `from` to layout `to`.
    /// Inlinable so that callers in other modules (the checks convert every
    /// kernel output) get a loop specialized to their element type.
    @inlinable
    public static func convert<Scalar>(
        _ data: [Scalar], shape: Shape4D, from: Layout, to: Layout
    ) throws(NormError) -> [Scalar] {
        guard data.count == shape.count else {
            throw .lengthMismatch(argument: "data", expected: shape.count, actual: data.count)
        }
        guard from != to else { return data }
        var result = data
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                for h in 0..<shape.h {
                    for w in 0..<shape.w {
                        result[shape.index(n, c, h, w, layout: to)] = data[shape.index(n, c, h, w, layout: from)]
                    }
                }
            }
        }
        return result
    }
}
