/// The shape (N, C, H, W) of a 4-D activation tensor.
///
/// Construction validates: every dimension is >= 1 and the element count
/// neither overflows nor exceeds `maximumElementCount`, so code that sizes an
/// allocation from a shape (a fixture file, a command-line flag) can trust it.
public struct Shape4D: Hashable, Sendable, CustomStringConvertible {
    /// The largest element count NormCheck accepts: 2^31, 8 GiB of Float.
    /// Anything larger is surely a corrupt file or a typo, not a test case.
    public static let maximumElementCount = 1 << 31

    public let n: Int
    public let c: Int
    public let h: Int
    public let w: Int

    public init(_ n: Int, _ c: Int, _ h: Int, _ w: Int) throws(NormError) {
        for (name, value) in [("N", n), ("C", c), ("H", h), ("W", w)] where value < 1 {
            throw .invalidDimension(name: name, value: value)
        }
        var total = 1
        for value in [n, c, h, w] {
            let (product, overflow) = total.multipliedReportingOverflow(by: value)
            guard !overflow, product <= Shape4D.maximumElementCount else {
                throw .shapeTooLarge(n: n, c: c, h: h, w: w)
            }
            total = product
        }
        (self.n, self.c, self.h, self.w) = (n, c, h, w)
    }

    /// N*C*H*W.
    public var count: Int { n * c * h * w }
    /// H*W, the size of one (n, c) cell.
    public var spatial: Int { h * w }
    /// N*H*W, the size of one BatchNorm set.
    public var perChannel: Int { n * h * w }
    /// C*H*W, the size of one sample (one LayerNorm set).
    public var perSample: Int { c * h * w }

    /// The index of (n, c, h, w) in `layout`.
    @inlinable
    public func index(_ n: Int, _ c: Int, _ h: Int, _ w: Int, layout: Layout = .nchw) -> Int {
        switch layout {
        case .nchw: return ((n * self.c + c) * self.h + h) * self.w + w
        case .nhwc: return ((n * self.h + h) * self.w + w) * self.c + c
        }
    }

    /// The coordinates of an NCHW index, for failure reports.
    public func coordinates(ofNCHWIndex index: Int) -> (n: Int, c: Int, h: Int, w: Int) {
        let w = index % self.w
        let h = (index / self.w) % self.h
        let c = (index / (self.w * self.h)) % self.c
        let n = index / (self.w * self.h * self.c)
        return (n, c, h, w)
    }

    /// The (sample, channel) of element `index` of a tensor in `layout`.
    @inlinable
    public func cell(ofIndex index: Int, layout: Layout) -> (n: Int, c: Int) {
        switch layout {
        case .nchw: return (index / perSample, (index / (h * w)) % c)
        case .nhwc: return (index / perSample, index % c)
        }
    }

    public var description: String { "(\(n), \(c), \(h), \(w))" }
}
