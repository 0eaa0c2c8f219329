import Testing
import GradCheck

@Suite("PropertyCatalog") struct CatalogTests {
    @Test func everyNameResolves() throws {
        for name in PropertyCatalog.referenceNames {
            #expect(try PropertyCatalog.property(named: name).name == name)
        }
        let float = CheckedKernel(FloatKernels(threads: 1))
        #expect(try PropertyCatalog.property(named: "kernel-vs-reference", kernels: [float]).name == "kernel-vs-reference")
        #expect(try PropertyCatalog.property(named: "kernel-mn-reductions", kernels: [float]).name == "kernel-mn-reductions")
        #expect(try PropertyCatalog.property(named: "determinism", kernels: [float, float]).kernels == [float.kernel.name])
        #expect(Set(PropertyCatalog.referenceProperties().map(\.name)) == Set(PropertyCatalog.referenceNames))
        #expect(throws: GradCheckError.self) { try PropertyCatalog.property(named: "kernel-vs-reference") }
        #expect(throws: GradCheckError.self) { try PropertyCatalog.property(named: "no-such-property") }
    }

    /// A failure found by a test replays through the catalog, as
    /// `normcheck replay` runs it, to the same minimal case.
    @Test func replaysAKernelFailure() throws {
        let mutant = KernelMutant(.unbiasedVariance)
        let failure = try #require(PropertyRunner.run(Properties.kernelVsReference(mutant)).failure)
        let report = try PropertyCatalog.replay(failure.token.description, available: [CheckedKernel(FloatKernels()), CheckedKernel(mutant)])
        #expect(report.failure?.minimal == failure.minimal)
        #expect(throws: GradCheckError.self) {
            try PropertyCatalog.replay(failure.token.description, available: [CheckedKernel(FloatKernels())])
        }
    }

    @Test func replaysAPassingReferenceCase() throws {
        let token = "backward-geometry:shape=2x3x1x5;layout=nchw;norm=group;groups=3;mode=training;eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2"
        let report = try PropertyCatalog.replay(token)
        #expect(report.succeeded && report.passed == 1)
        #expect(throws: GradCheckError.self) { try PropertyCatalog.replay(token.replacingOccurrences(of: "backward-geometry", with: "nope")) }
    }
}
