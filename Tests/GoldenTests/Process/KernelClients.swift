import Foundation
import Testing

/// The kernel clients of `clients/` and what they need: the tests that run
/// them skip, saying why, only when python3 with numpy (or cc) is genuinely
/// missing; `.ci/run` installs them, so on CI they run.
enum KernelClients {
    /// The package's `clients/` directory.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("clients")

    static func python(_ relativePath: String, _ arguments: String...) -> [String] {
        ["python3", directory.appendingPathComponent("python").appendingPathComponent(relativePath).path] + arguments
    }

    static let numpyKernels = python("examples/numpy_kernels.py")

    /// Whether `python3 -c 'import numpy'` succeeds.
    static let hasNumpy = succeeds(["python3", "-c", "import numpy"])
    static let hasCC = succeeds(["cc", "--version"])

    static let numpyMissing = "python3 with numpy is not installed (.ci/run installs it)"
    static let ccMissing = "cc is not installed (.ci/run installs it)"

    /// Runs `command` (through PATH) to the end; true when it exits 0.
    static func succeeds(_ command: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
