/// The validated pointers of one backward pass, handed to the walks (see
/// `ForwardBuffers` for why the bundle may cross Dispatch unchecked).
struct BackwardBuffers: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let gamma: UnsafePointer<Float>
    /// The saved statistics, one per set.
    let mean: UnsafePointer<Float>
    let rstd: UnsafePointer<Float>
    let dy: UnsafePointer<Float>
    let dx: UnsafeMutablePointer<Float>
    let dgamma: UnsafeMutablePointer<Float>
    let dbeta: UnsafeMutablePointer<Float>
    /// Whether dx is written with non-temporal stores (`Elementwise`).
    let streaming: Bool
}
