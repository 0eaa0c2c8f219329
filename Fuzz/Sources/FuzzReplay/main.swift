import CFuzzer
import Foundation
import GradCheck

/// The kernels a token may name, as `normcheck replay` offers them.
let kernels = [1, 2, 3].map { CheckedKernel(FloatKernels(threads: $0)) }

/// libFuzzer's callback: one input is one replay token (UTF-8, invalid bytes
/// replaced). It must parse or throw; a parsed token is replayed as
/// `normcheck replay` does, gate tokens included.
func fuzzReplay(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let token = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? PropertyCatalog.replay(token, available: kernels)
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzReplay))
