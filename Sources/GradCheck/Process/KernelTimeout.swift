/// How long a kernel process may take to answer before the gate kills it.
///
/// A call (writing the request and reading the whole reply) may take
/// `base + perElement * N*C*H*W`. The default, 10 s + 1 us per element,
/// is generous on purpose: the numpy example kernels move 0.7 to 1 GB/s
/// through the protocol, so a 2^22-element LayerNorm case (16 to 32 MiB
/// each way) took 0.03 to 0.07 s, and a generated gate case (at most 256
/// elements) takes about a millisecond. A slow interpreter or a loaded CI
/// machine should never time out, only a kernel that hangs. Starting the process and reading its handshake may
/// take `handshake` (an interpreter importing NumPy or a GPU runtime).
///
/// A kernel that hangs on every case costs one timeout per shrinking step,
/// so lower `base` (`--kernel-timeout`) when a hang is expected.
public struct KernelTimeout: Hashable, Sendable {
    public var base: Duration
    public var perElement: Duration
    public var handshake: Duration

    public init(base: Duration = .seconds(10), perElement: Duration = .microseconds(1),
                handshake: Duration = .seconds(30)) {
        self.base = base
        self.perElement = perElement
        self.handshake = handshake
    }

    public static let `default` = KernelTimeout()

    /// The time one call on `elements` elements may take.
    public func call(elements: Int) -> Duration { base + perElement * elements }

    /// A base of `seconds` (the `--kernel-timeout SECONDS` option), keeping
    /// the per-element part; the handshake may take the larger of `seconds` and 30 s.
    /// - Throws: `GradCheckError.invalidSetting` unless `seconds` is finite and > 0.
    public init(seconds: Double) throws(GradCheckError) {
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw .invalidSetting(name: "--kernel-timeout", value: "\(seconds)")
        }
        let duration = Duration.nanoseconds(Int64(seconds * 1e9))
        self.init(base: duration, handshake: max(duration, .seconds(30)))
    }
}
