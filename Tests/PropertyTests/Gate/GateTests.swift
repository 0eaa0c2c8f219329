import Foundation
import Testing
import GradCheck

@Suite("Gate")
struct GateTests {
    @Test("the built-in Float kernels pass the default gate")
    func builtInKernelsPass() throws {
        let start = Date()
        let report = try Gate.run(threads: FloatKernels.init(threads:))
        print(report)
        print("gate took \(Date().timeIntervalSince(start)) s")
        #expect(report.passed, "\(report)")
    }
}
