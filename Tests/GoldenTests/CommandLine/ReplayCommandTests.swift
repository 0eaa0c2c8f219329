import Testing

@Suite("normcheck replay") struct ReplayCommandTests {
    @Test func replaysAKernelCaseOnTheBuiltInKernels() throws {
        let token = "kernel-vs-reference:shape=2x3x1x5;layout=nhwc;norm=group;groups=3;mode=training;"
            + "eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2;kernel=float-kernels"
        let result = try NormcheckProcess.run(["replay", token])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("kernel-vs-reference on float-kernels: 1 cases passed"))
    }

    @Test func replaysAReferenceCase() throws {
        let token = "backward-geometry:shape=2x3x1x5;layout=nchw;norm=group;groups=3;mode=training;"
            + "eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2"
        let result = try NormcheckProcess.run(["replay", token])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1 cases passed"))
    }

    @Test(arguments: [[], ["not-a-token"], ["a", "b"]])
    func badTokensAreUsageErrors(arguments: [String]) throws {
        let result = try NormcheckProcess.run(["replay"] + arguments)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
    }
}
