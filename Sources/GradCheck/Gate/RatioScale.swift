import Foundation

/// How the HTML report maps an error / tolerance ratio to a place on an
/// axis and to a colour.
///
/// Logarithmic, because ratios span nine decades: a kernel well inside its
/// bound sits near 1e-3, a wrong formula at 1e2..1e6, and NaN or a bitwise
/// difference is infinite. 1, the bound itself, is the boundary: cool
/// colours within it, warm ones beyond, and infinity its own dark colour.
enum RatioScale {
    /// The axis covers 10^lowest ... 10^highest, then one slot for infinity.
    static let lowestDecade = -3
    static let highestDecade = 6
    /// The width of the infinity slot, in decades.
    private static let infinitySlot = 0.8

    private static var span: Double { Double(highestDecade - lowestDecade) + infinitySlot }

    /// Where `ratio` falls on the axis, from 0 to 1: 0 for exact agreement
    /// and anything below 10^lowest, 1 for infinity, finite ratios above
    /// 10^highest at the axis' end.
    static func position(_ ratio: Double) -> Double {
        guard ratio.isFinite else { return 1 }
        guard ratio > 0 else { return 0 }
        let decades = min(max(log10(ratio), Double(lowestDecade)), Double(highestDecade))
        return (decades - Double(lowestDecade)) / span
    }

    /// The fill of a heatmap cell: pale grey for exact agreement, light to
    /// mid blue up to the bound (1e-3 ... 1), yellow through red to dark red
    /// beyond it (1 ... 1e3 and above), near-black violet for infinity.
    static func color(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "#2d004b" }
        guard ratio > 0 else { return "#f2f2f2" }
        let decades = log10(ratio)
        if ratio <= 1 {
            return blend([(0xe8, 0xf0, 0xf8), (0x6b, 0x9b, 0xc9)], at: (decades + 3) / 3)
        }
        return blend([(0xfe, 0xe3, 0x91), (0xf0, 0x3b, 0x20), (0x7f, 0x00, 0x00)], at: decades / 3)
    }

    /// Piecewise-linear interpolation between equally spaced colour stops, `t` clamped to 0...1.
    private static func blend(_ stops: [(Int, Int, Int)], at t: Double) -> String {
        let scaled = min(max(t, 0), 1) * Double(stops.count - 1)
        let lower = min(Int(scaled), stops.count - 2)
        let f = scaled - Double(lower)
        let (a, b) = (stops[lower], stops[lower + 1])
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// A tick label: "1e-3", "1", "1e6".
    static func decadeLabel(_ decade: Int) -> String { decade == 0 ? "1" : "1e\(decade)" }

    /// A number for an SVG attribute, two decimals (every coordinate the
    /// report computes is finite: ratios enter only through `position`).
    static func coordinate(_ value: Double) -> String { String(format: "%.2f", value) }
}
