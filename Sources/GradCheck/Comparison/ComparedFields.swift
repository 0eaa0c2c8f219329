/// The values one field-by-field comparison judges: what an implementation
/// computed, what it is compared against and the per-element tolerances,
/// every array NCHW. A property reduces it to its worst element; a report
/// that draws every element (the gate's heatmaps) reads `ratios(of:)` from
/// the same values, so both see one comparison.
struct ComparedFields {
    let got: FieldValues
    let expected: FieldValues
    let tolerance: FieldValues
    let shape: Shape4D
    /// Prepended to every field name in a mismatch's label ("MN ").
    var labelPrefix = ""

    /// The worst element over every judged field (`Comparison.worst`).
    var worst: Mismatch? {
        Comparison.worst(got, expected, tolerance: tolerance, shape: shape, labelPrefix: labelPrefix)
    }

    /// Error / tolerance of every element of `field`, NCHW; nil when the
    /// field is not judged or its arrays disagree in length.
    func ratios(of field: OutputField) -> [Double]? {
        guard let got = got[field], let expected = expected[field], let tolerance = tolerance[field] else { return nil }
        return Comparison.ratios(got, expected, tolerance: tolerance)
    }
}
