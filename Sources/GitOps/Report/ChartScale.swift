import Foundation

/// A linear map from data values to SVG coordinates, with round tick values.
///
/// Total: every input (NaN, ±∞, ±`greatestFiniteMagnitude`, subnormals, all values equal) gives a finite
/// scale with at most ``maxTicks`` ticks, in time independent of the values.
struct ChartScale {
    /// The data range shown.
    let domain: ClosedRange<Double>
    /// The coordinate of `domain.lowerBound`.
    let start: Double
    /// The coordinate of `domain.upperBound` (below `start` for a y axis).
    let end: Double

    /// Values are clamped to ± this before fitting, so that `high - low` and the tick arithmetic stay finite.
    static let maxMagnitude = 1e306
    /// Below this width (or all values this close to zero) the domain gets a margin instead of a stride.
    static let minWidth = 1e-200
    /// The most ticks a fitted scale has (about five are aimed at).
    static let maxTicks = 12

    /// The coordinate of `value`, kept within a panel's width of the scale's ends (a value far outside the
    /// domain, or NaN, cannot give a coordinate no renderer can draw).
    func callAsFunction(_ value: Double) -> Double {
        let width = domain.upperBound - domain.lowerBound
        guard width > 0, width.isFinite, value.isFinite else { return (start + end) / 2 }
        let position = start + (value - domain.lowerBound) / width * (end - start)
        let span = abs(end - start)
        return Swift.min(Swift.max(position, Swift.min(start, end) - span), Swift.max(start, end) + span)
    }

    /// A scale whose domain covers `values` (and zero width gets a margin), widened to round ticks; about
    /// five ticks. Nil when there are no finite values.
    static func fitting(_ values: [Double], start: Double, end: Double) -> (scale: ChartScale, ticks: [Double])? {
        let finite = values.filter(\.isFinite).map { Swift.min(Swift.max($0, -maxMagnitude), maxMagnitude) }
        guard var low = finite.min(), var high = finite.max() else { return nil }
        let magnitude = Swift.max(abs(low), abs(high))
        if high - low <= magnitude * 1e-9 || high - low < minWidth {
            let margin = magnitude < minWidth ? 1 : magnitude * 0.1
            low -= margin
            high += margin
        }
        let step = niceStep((high - low) / 4)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        guard step > 0, step.isFinite, first.isFinite, last.isFinite, last >= first, last - first <= Double(maxTicks - 1)
        else {
            return (ChartScale(domain: low...high, start: start, end: end), [low, high])
        }
        let ticks = (0...Int(last - first)).map { (first + Double($0)) * step }
        return (ChartScale(domain: first * step...last * step, start: start, end: end), ticks)
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `rough`; 1 for a rough step that is not a positive
    /// finite number.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        guard power > 0, power.isFinite else { return rough }
        for factor in [1, 2, 2.5, 5, 10] where factor * power >= rough * (1 - 1e-9) { return factor * power }
        return 10 * power
    }
}
