#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

AllocatorTuning.apply()
exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
