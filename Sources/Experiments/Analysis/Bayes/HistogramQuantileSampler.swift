/// Draws of a histogram quantile under a Dirichlet posterior over the bucket probabilities: each draw
/// samples the K bucket weights (as gammas; normalising is unnecessary) and interpolates the quantile
/// inside its bucket like Prometheus' `histogram_quantile` (the `+Inf` bucket answers with the highest
/// finite upper bound).
struct HistogramQuantileSampler {
    let q: Double
    let histogram: Histogram
    let alpha: [Double]

    func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
        let k = alpha.count
        var weights = [Double](repeating: 0, count: k * buffer.count)
        weights.withUnsafeMutableBufferPointer { all in
            Sampling.fillDirichlet(all, alpha: alpha, count: buffer.count, using: &generator)
        }
        let uppers = histogram.buckets.map(\.upperBound)
        let lowers = histogram.buckets.indices.map { histogram.lowerBound(of: $0) }
        let fallback = uppers.last { $0.isFinite } ?? 0
        weights.withUnsafeBufferPointer { w in
            for row in 0..<buffer.count {
                var cumulative = 0.0
                var value = fallback
                for j in 0..<k {
                    let p = w[row * k + j]
                    let next = cumulative + p
                    if next >= q && p > 0 {
                        if uppers[j].isFinite {
                            value = lowers[j] + (uppers[j] - lowers[j]) * (q - cumulative) / p
                        } else {
                            value = j > 0 ? uppers[j - 1] : 0
                        }
                        break
                    }
                    cumulative = next
                }
                buffer[row] = value
            }
        }
    }
}
