import Testing
import GradCheck

/// The property suite on the Double reference; each test is one named
/// property over NORMCHECK_CASES (default 100) generated cases.
@Suite("Reference properties") struct ReferencePropertyTests {
    @Test func mnReductions() { expectHolds(Properties.metaReductions(), filter: "mnReductions") }
    @Test func invariances() { expectHolds(Properties.invariances(), filter: "invariances") }
    @Test func backwardGeometry() { expectHolds(Properties.backwardGeometry(), filter: "backwardGeometry") }
    @Test func finiteDifferences() { expectHolds(Properties.finiteDifferences(), filter: "finiteDifferences") }
    @Test func switchableOneHot() { expectHolds(Properties.switchableOneHot(), filter: "switchableOneHot") }
    @Test func sparsestMax() { expectHolds(Properties.sparsestMax(), filter: "sparsestMax") }
    @Test func batchNoise() { expectHolds(Properties.batchNoise(), filter: "batchNoise") }
    @Test func santurkarSmoothness() { expectHolds(Properties.santurkarSmoothness(), filter: "santurkarSmoothness") }
}
