import CFuzzer
import Foundation
import GradCheck

/// libFuzzer's callback: one input is one JSON text. It must parse or
/// throw a `JSONError`; a parsed value must write, and the written text must
/// read back to the same value (the golden files rely on that round trip).
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONReader.parse(bytes) else { return 0 }
    do {
        let text = try JSONWriter.write(value)
        let again = try JSONReader.parse(text)
        precondition(again == value, "round trip changed the value:\n\(text)")
        let rewritten = try JSONWriter.write(again)
        precondition(rewritten == text, "writing is not deterministic:\n\(text)")
    } catch {
        preconditionFailure("a parsed value must write and read back: \(error)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzJSON))
