import Foundation

/// How the target's request rate varies from interval to interval around its mean.
enum TrafficShape: String, Hashable, Sendable {
    /// The mean rate in every interval.
    case steady
    /// 20 % of intervals at 4 × the mean, the others at 0.25 × (the mean is preserved).
    case bursty
    /// A sinusoid of amplitude 70 % and a period of 30 intervals, with a random phase per run.
    case diurnal

    /// The rate multiplier of interval `slot` in a run whose own stream is `runStream`.
    func multiplier(slot: Int, seed: UInt64, runStream: UInt64) -> Double {
        switch self {
        case .steady:
            return 1
        case .bursty:
            var g = Xoshiro256(seed, runStream, UInt64(slot), streamKey("burst"))
            return g.unit() < 0.2 ? 4 : 0.25
        case .diurnal:
            var g = Xoshiro256(seed, runStream, streamKey("phase"))
            let phase = 2 * Double.pi * g.unit()
            return 1 + 0.7 * sin(2 * Double.pi * Double(slot) / 30 + phase)
        }
    }
}
