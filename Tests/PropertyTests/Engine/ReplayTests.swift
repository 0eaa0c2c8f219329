import Testing
import GradCheck

@Suite("Replay") struct ReplayTests {
    @Test func tokensRoundTrip() throws {
        for drawn in GeneratorTests.draws(CaseGenerator(allowsZeroEps: true), count: 1_000) {
            let token = ReplayToken(property: "p", kernels: ["float(threads: 2)", "a;b=c'd%"], testCase: drawn)
            let text = token.description
            #expect(!text.contains(" ") && !text.contains("'"), "\(text)")
            #expect(try ReplayToken(parsing: text) == token, "\(text)")
        }
    }

    @Test func rejectsBadTokens() {
        let good = "p:shape=2x3x1x1;layout=nchw;norm=group;groups=3;mode=training;eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2"
        #expect((try? ReplayToken(parsing: good)) != nil)
        let bad = [
            "no-colon",
            good.replacingOccurrences(of: "groups=3", with: "groups=2"),
            good.replacingOccurrences(of: "2x3x1x1", with: "2x3x1"),
            good.replacingOccurrences(of: "eps=1e-05", with: "eps=-1"),
            good.replacingOccurrences(of: "data=normal", with: "data=gauss"),
            good.replacingOccurrences(of: ";seed=7", with: ""),
            good + ";extra=1",
            // Valid as a shape, but a token's shape sizes the replay's allocations.
            good.replacingOccurrences(of: "2x3x1x1", with: "40000x300x10x1"),
        ]
        for text in bad {
            #expect(throws: GradCheckError.self, "\(text)") { try ReplayToken(parsing: text) }
        }
    }

    /// A token drawn by another data generator would replay other numbers:
    /// it is refused, with what to do, instead.
    @Test func rejectsTokensOfAnotherGenerator() {
        let current = "p:shape=2x3x1x1;layout=nchw;norm=layer;mode=training;eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2"
        #expect((try? ReplayToken(parsing: current)) != nil)
        for (text, says) in [(current.replacingOccurrences(of: ";gen=2", with: ""), "no 'gen' field"),
                             (current.replacingOccurrences(of: "gen=2", with: "gen=1"), "gen=1")] {
            #expect {
                try ReplayToken(parsing: text)
            } throws: { error in
                "\(error)".contains(says) && "\(error)".contains("rerun the failing check")
            }
        }
    }

    /// A failure found in a run is reproduced, alone, from its token.
    @Test func replayReproducesTheFailure() throws {
        let failure = try #require(PropertyRunner.run(ShrinkingTests.oddPlanes, RunConfiguration(seed: 99)).failure)
        let environment = ["NORMCHECK_REPLAY": failure.token.description]
        let configuration = try RunConfiguration.fromEnvironment(environment)
        let replayed = PropertyRunner.run(ShrinkingTests.oddPlanes, configuration)
        let again = try #require(replayed.failure)
        #expect(again.original == failure.minimal && again.minimal == failure.minimal && again.caseIndex == nil)
        #expect(replayed.passed == 0)
        // With no hints of the caller's, the one command is the test's.
        #expect(failure.replayCommands == ["NORMCHECK_REPLAY='\(failure.token)' swift test --filter test-odd-planes"])
        #expect(failure.token.description.hasPrefix("test-odd-planes:shape=1x3x1x1;"))
    }

    /// The original (unshrunk) case replays too, and shrinks to the same minimum.
    @Test func replayOfTheOriginalShrinksAgain() throws {
        let failure = try #require(PropertyRunner.run(ShrinkingTests.oddPlanes).failure)
        let token = ShrinkingTests.oddPlanes.token(for: failure.original)
        let replayed = PropertyRunner.run(ShrinkingTests.oddPlanes, RunConfiguration(replay: token))
        #expect(replayed.failure?.minimal == failure.minimal)
    }

    @Test func environmentSettings() throws {
        let configuration = try RunConfiguration.fromEnvironment(["NORMCHECK_SEED": "0x10", "NORMCHECK_CASES": "40"],
                                                                 casesScale: 0.5)
        #expect(configuration.seed == 16 && configuration.cases == 20 && configuration.replay == nil)
        #expect(throws: GradCheckError.invalidSetting(name: "NORMCHECK_CASES", value: "ten")) {
            try RunConfiguration.fromEnvironment(["NORMCHECK_CASES": "ten"])
        }
        #expect(throws: GradCheckError.invalidSetting(name: "NORMCHECK_SEED", value: "-1")) {
            try RunConfiguration.fromEnvironment(["NORMCHECK_SEED": "-1"])
        }
    }

    /// Same seed, same run; the seed is in the report.
    @Test func runsAreDeterministicPerSeed() throws {
        let first = try #require(PropertyRunner.run(ShrinkingTests.oddPlanes, RunConfiguration(seed: 5)).failure)
        let second = try #require(PropertyRunner.run(ShrinkingTests.oddPlanes, RunConfiguration(seed: 5)).failure)
        #expect(first.original == second.original && first.caseIndex == second.caseIndex)
        #expect(PropertyRunner.run(ShrinkingTests.oddPlanes, RunConfiguration(seed: 5)).description.contains("seed 5"))
    }
}
