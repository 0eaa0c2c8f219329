import Foundation
import Testing

/// Runs the built `normcheck` executable end to end: arguments in, exit code,
/// standard output and standard error out (swift-argument-parser's
/// `AssertExecuteCommand` style). `swift test` builds the executable into the
/// same products directory as the test bundle.
struct NormcheckProcess {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The products directory: the folder holding the test bundle.
    static var productsDirectory: URL {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
        if let bundle { return bundle.bundleURL.deletingLastPathComponent() }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The package root, where `Fixtures/` lives.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `normcheck arguments` in `directory`.
    ///
    /// The child sees this process's environment without its NORMCHECK_*
    /// variables, plus `environment`: a test states every variable it
    /// depends on, so `NORMCHECK_CASES=10000 swift test` scales the property
    /// runs without changing what these tests see.
    static func run(_ arguments: [String], in directory: URL = packageRoot,
                    environment: [String: String] = [:]) throws -> NormcheckProcess {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("normcheck")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("NORMCHECK_") }
            .merging(environment) { _, given in given }
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return NormcheckProcess(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
