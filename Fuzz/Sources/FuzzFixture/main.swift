import CFuzzer
import Foundation
import GradCheck

/// libFuzzer's callback: one input is one fixture file. It must decode or
/// throw a `FixtureError` naming the file, and a decoded fixture must verify
/// (pass, fail or refuse) without a crash, a hang or unbounded memory.
func fuzzFixture(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let fixture = try Fixture.decode(bytes, file: "fuzz.json")
        _ = FixtureVerifier.builtIn(threads: 2).verify(fixture, file: "fuzz.json")
    } catch {
        precondition(error.file == "fuzz.json", "a FixtureError must name its file: \(error)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzFixture))
