// swift-tools-version: 6.0
// NormCheck: proves deep-learning normalization kernels correct.
// No package dependencies and no unsafe compiler flags: users depend on this package,
// and SwiftPM refuses unsafe flags in dependencies. Speed flags for the
// benchmark go on the command line (see README.md).
import PackageDescription

let package = Package(
    name: "NormCheck",
    products: [
        .library(name: "NormUnderTest", targets: ["NormUnderTest"]),
        .library(name: "GradCheck", targets: ["GradCheck"]),
        .executable(name: "normcheck", targets: ["normcheck"]),
    ],
    targets: [
        // What the target machine offers that Swift cannot spell or detect
        // (non-temporal stores, fused multiply-add): clang's builtins and
        // macros in one header, no flags.
        .target(name: "TargetIntrinsics"),
        // The normalizers: the Double reference and the optimized Float kernels.
        .target(
            name: "NormUnderTest",
            dependencies: ["TargetIntrinsics"],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        // The checking machinery: finite differences, the property engine,
        // fixtures and the kernel gate.
        .target(name: "GradCheck", dependencies: ["NormUnderTest"]),
        // A thin command-line shell over both.
        .executableTarget(name: "normcheck", dependencies: ["NormUnderTest", "GradCheck"]),
        // Test doubles both test targets share (a correct kernel written as a
        // user would, the reference rounded to Float, a kernel that supports
        // nothing); in no product.
        .target(name: "NormCheckTestSupport", dependencies: ["NormUnderTest", "GradCheck"], path: "Tests/TestSupport"),
        .testTarget(name: "PropertyTests", dependencies: ["NormUnderTest", "GradCheck", "NormCheckTestSupport"]),
        .testTarget(
            name: "GoldenTests",
            // normcheck: the command line's parser and exit codes are also tested in-process.
            dependencies: ["NormUnderTest", "GradCheck", "normcheck", "NormCheckTestSupport"],
            exclude: ["ExternalFixtures"]
        ),
    ]
)
