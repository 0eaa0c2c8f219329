import Testing
import Foundation
@testable import GradCheck

/// Random byte mutations of a valid fixture never crash or hang the decoder
/// or the verifier: each mutant either decodes (and is verified, pass or
/// fail) or throws a `FixtureError` naming the file.
@Suite("Fixture fuzzing") struct FixtureFuzzTests {
    @Test func mutatedFilesNeverCrash() throws {
        let seed = try RunConfiguration.seed(fallback: 0xF1C5_7E57)
        var random = SplitMix64(seed: seed)
        let original = Array(try SampleFixture.group().encoded().utf8)
        let interesting = Array("{}[]\",:-0123456789eE.+ \\ntfu".utf8) + [0x00, 0xFF, 0xC3, 0xED]
        var outcomes = (decoded: 0, rejected: 0)
        for round in 0..<1500 {
            var bytes = original
            for _ in 0...(random.next() % 4) {
                let position = Int(random.next() % UInt64(bytes.count + 1))
                let byte = random.next() % 2 == 0 ? interesting[Int(random.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: random.next())
                switch random.next() % 4 {
                case 0 where position < bytes.count: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                case 2 where position < bytes.count: bytes.remove(at: position)
                default: bytes.removeSubrange(min(position, bytes.count)...)
                }
            }
            do {
                let fixture = try Fixture.decode(bytes, file: "mutant-\(round).json")
                _ = GoldenPaths.verifier.verify(fixture, file: "mutant-\(round).json")
                outcomes.decoded += 1
            } catch {
                #expect(error.file == "mutant-\(round).json", "seed \(seed), round \(round)")
                outcomes.rejected += 1
            }
        }
        // Both outcomes must occur, or the mutations were too weak (or too strong) to test anything.
        #expect(outcomes.decoded > 0 && outcomes.rejected > 0, "seed \(seed): \(outcomes)")
    }
}
