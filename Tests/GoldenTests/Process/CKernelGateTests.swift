import Foundation
import Testing
import GradCheck

/// The one-file C client, compiled with `cc` into a temporary directory,
/// passes the default gate for what it supports (LayerNorm training).
@Suite(.enabled(if: KernelClients.hasCC, "\(KernelClients.ccMissing)"))
struct CKernelGateTests {
    @Test func theCClientPassesTheGate() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("normcheck-c-kernel-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("layer_norm_kernel").path
        let source = KernelClients.directory.appendingPathComponent("c/layer_norm_kernel.c").path
        try #require(KernelClients.succeeds(["cc", "-O2", "-std=c11", "-Wall", "-Werror", "-o", binary, source, "-lm"]),
                     "cc failed on \(source)")
        let kernel = try ProcessKernel(command: [binary])
        #expect(kernel.name == "c-layer-norm")
        let options = try GateOptions.fromEnvironment(testFilter: "CKernelGateTests")
        let report = try Gate.run(kernel, options: options)
        #expect(report.passed, "\(report)")
        let layer = report.results.filter { $0.normalizer == .layer && $0.check == .kernelVsReference }
        #expect(layer.map(\.evaluated) == [options.cases], "\(report)")
    }
}
