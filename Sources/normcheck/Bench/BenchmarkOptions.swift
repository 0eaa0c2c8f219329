import Foundation
import NormUnderTest

/// What `normcheck bench` measures.
struct BenchmarkOptions: Sendable {
    /// Worker threads for the kernels and the copy (default: all cores).
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var shapes = BenchmarkShape.all
    var normalizers = BenchmarkNormalizer.allCases
    /// One JSON object per line instead of the table.
    var json = false
    /// Timed runs per row (the median is reported), after `warmups` untimed ones.
    var repetitions = 15
    var warmups = 3
    /// `FloatKernels.streamingThreshold`, in bytes.
    var streamingThreshold = FloatKernels.defaultStreamingThreshold
}

/// A named benchmark shape (NCHW).
struct BenchmarkShape: Sendable {
    let name: String
    let shape: Shape4D

    /// resnet (32, 64, 56, 56), mid (8, 256, 28, 28), tokens (1024, 768, 1, 1): issue 3.
    static let all: [BenchmarkShape] = [
        BenchmarkShape(name: "resnet", shape: try! Shape4D(32, 64, 56, 56)),
        BenchmarkShape(name: "mid", shape: try! Shape4D(8, 256, 28, 28)),
        BenchmarkShape(name: "tokens", shape: try! Shape4D(1024, 768, 1, 1)),
    ]
}

/// The normalizers `normcheck bench` times; GroupNorm with 32 groups.
enum BenchmarkNormalizer: String, CaseIterable, Sendable {
    case batch, instance, layer, group

    var normalizer: Normalizer {
        switch self {
        case .batch: return .batch
        case .instance: return .instance
        case .layer: return .layer
        case .group: return .group(groups: 32)
        }
    }

    /// Whether every set is one contiguous run in NCHW (all but BatchNorm),
    /// the layout `PassSkeleton` walks.
    var hasContiguousSets: Bool { self != .batch }

    /// InstanceNorm on one pixel per plane normalizes single values; issue 3 skips it.
    func applies(to shape: Shape4D) -> Bool { !(self == .instance && shape.spatial == 1) }
}
