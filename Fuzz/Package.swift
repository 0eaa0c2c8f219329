// swift-tools-version: 6.0
// NormCheck's fuzzing harnesses (libFuzzer + AddressSanitizer): a package of
// its own, so that the library's Package.swift never carries sanitizer flags
// and its `swift build` / `swift test` never build this. Run `./run.sh` (see
// README.md); the flags -sanitize=fuzzer,address go on the command line.
import PackageDescription

let package = Package(
    name: "NormCheckFuzz",
    dependencies: [.package(name: "NormCheck", path: "..")],
    targets: [
        // The declaration of libFuzzer's driver, LLVMFuzzerRunDriver.
        .target(name: "CFuzzer"),
        // The fixture decoder plus verification against the reference and the Float kernels.
        .executableTarget(name: "FuzzFixture", dependencies: ["CFuzzer", .product(name: "GradCheck", package: "NormCheck")]),
        // The replay-token parser plus the replay of the case it names.
        .executableTarget(name: "FuzzReplay", dependencies: ["CFuzzer", .product(name: "GradCheck", package: "NormCheck")]),
        // The JSON reader plus a write/read round trip.
        .executableTarget(name: "FuzzJSON", dependencies: ["CFuzzer", .product(name: "GradCheck", package: "NormCheck")]),
    ]
)
