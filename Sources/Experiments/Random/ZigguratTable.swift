import Foundation

/// The 128-layer ziggurat of the standard normal density (Marsaglia and Tsang, 2000), in the double
/// precision form of Doornik (2005, "An improved ziggurat method to generate normal random samples").
///
/// Immutable and computed once; it is the only table the samplers use.
struct ZigguratTable: Sendable {
    /// Number of layers.
    static let layers = 128
    /// The right edge of the base layer.
    static let tailStart = 3.442619855899
    /// The area of each layer.
    static let layerArea = 9.91256303526217e-3

    /// Layer edges x[0] … x[128] (x[128] = 0).
    let x: [Double]
    /// Ratios x[i+1] / x[i]: a point with |u| below it lies inside the layer's rectangle.
    let ratio: [Double]

    /// The shared table.
    static let shared = ZigguratTable()

    private init() {
        let r = Self.tailStart
        var f = exp(-0.5 * r * r)
        var x = [Double](repeating: 0, count: Self.layers + 1)
        x[0] = Self.layerArea / f
        x[1] = r
        for i in 2..<Self.layers {
            x[i] = (-2 * log(Self.layerArea / x[i - 1] + f)).squareRoot()
            f = exp(-0.5 * x[i] * x[i])
        }
        x[Self.layers] = 0
        self.x = x
        self.ratio = (0..<Self.layers).map { x[$0 + 1] / x[$0] }
    }
}
