import Foundation

/// A linear map from data values to SVG coordinates, with round tick values.
struct ChartScale {
    /// The data range shown.
    let domain: ClosedRange<Double>
    /// The coordinate of `domain.lowerBound`.
    let start: Double
    /// The coordinate of `domain.upperBound` (below `start` for a y axis).
    let end: Double

    /// The coordinate of `value`.
    func callAsFunction(_ value: Double) -> Double {
        let width = domain.upperBound - domain.lowerBound
        guard width > 0 else { return (start + end) / 2 }
        return start + (value - domain.lowerBound) / width * (end - start)
    }

    /// A scale whose domain covers `values` (and zero width gets a margin), widened to round ticks; about
    /// five ticks. Nil when there are no finite values.
    static func fitting(_ values: [Double], start: Double, end: Double) -> (scale: ChartScale, ticks: [Double])? {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return nil }
        if high - low <= Swift.max(abs(high), abs(low)) * 1e-9 {
            let margin = low == 0 ? 1 : abs(low) * 0.1
            low -= margin
            high += margin
        }
        let step = niceStep((high - low) / 4)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return (ChartScale(domain: first * step...last * step, start: start, end: end), ticks)
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        for factor in [1, 2, 2.5, 5, 10] where factor * power >= rough * (1 - 1e-9) { return factor * power }
        return 10 * power
    }
}
