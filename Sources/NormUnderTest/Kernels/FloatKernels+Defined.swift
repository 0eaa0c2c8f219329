extension FloatKernels {
    /// Throws `undefinedNormalization` for the first set whose var + eps is
    /// exactly 0, as the reference does: only possible with eps = 0, for a
    /// constant set (training) or a zero running variance (inference).
    ///
    /// Decided exactly from the data, not from the Float variance, whose
    /// rounding can leave a constant set's M2 a few ulps above 0.
    func checkDefined(
        _ config: NormalizationConfig, _ geometry: NormGeometry, layout: Layout,
        x: UnsafePointer<Float>, runningVar: UnsafePointer<Float>?
    ) throws(NormError) {
        guard config.eps == 0 else { return }
        if config.mode == .inference {
            guard let runningVar else { return }
            for c in 0..<geometry.shape.c where runningVar[c] == 0 { throw .undefinedNormalization(statistic: c) }
            return
        }
        let shape = geometry.shape
        var first = [Float](repeating: 0, count: geometry.setCount)
        var seen = [Bool](repeating: false, count: geometry.setCount)
        var constant = [Bool](repeating: true, count: geometry.setCount)
        for i in 0..<shape.count {
            let (n, c) = shape.cell(ofIndex: i, layout: layout)
            let set = geometry.set(ofCell: geometry.isBatch ? c : n * shape.c + c)
            if !seen[set] {
                (first[set], seen[set]) = (x[i], true)
            } else if x[i] != first[set] {
                constant[set] = false
            }
        }
        if let set = constant.firstIndex(of: true) { throw .undefinedNormalization(statistic: set) }
    }
}
