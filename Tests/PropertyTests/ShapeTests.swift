import Testing
import NormUnderTest

@Suite("Shape4D") struct ShapeTests {
    @Test func rejectsZeroDimension() {
        #expect(throws: NormError.invalidDimension(name: "H", value: 0)) { try Shape4D(1, 2, 0, 3) }
    }
    @Test func rejectsOverflow() {
        #expect(throws: NormError.shapeTooLarge(n: Int.max, c: 2, h: 1, w: 1)) { try Shape4D(Int.max, 2, 1, 1) }
    }
    @Test func indexesRoundTrip() throws {
        let shape = try Shape4D(2, 3, 4, 5)
        for i in 0..<shape.count {
            let (n, c, h, w) = shape.coordinates(ofNCHWIndex: i)
            #expect(shape.index(n, c, h, w) == i)
        }
        let data = (0..<shape.count).map(Double.init)
        let nhwc = try Layout.convert(data, shape: shape, from: .nchw, to: .nhwc)
        #expect(nhwc[shape.index(1, 2, 3, 4, layout: .nhwc)] == data[shape.index(1, 2, 3, 4)])
        #expect(try Layout.convert(nhwc, shape: shape, from: .nhwc, to: .nchw) == data)
    }
}
