/// Generates the requests of one run: the target's total per interval is Poisson around the scenario's rate
/// (times its shape), split across versions by the live weights (multinomial), then errors, conversions and
/// latencies per version. Every interval draws from streams keyed by (seed, scenario, run, interval), so
/// engines that set the same weights see the same requests.
struct TrafficSimulator: Sendable {
    let scenario: Scenario
    let seed: UInt64
    let runStream: UInt64

    init(scenario: Scenario, seed: UInt64, run: Int) {
        self.scenario = scenario
        self.seed = seed
        runStream = streamKey(scenario.name) &+ UInt64(run) &* 0x9e37_79b9_7f4a_7c15
    }

    /// The requests of `seconds` starting `part` seconds into interval `slot` (0-based), by version, under
    /// `weights` (percent, version order).
    func traffic(slot: Int, part: Int = 0, seconds: Double, weights: [Int]) -> [VersionCounts] {
        var result = [VersionCounts](repeating: VersionCounts(), count: scenario.versions.count)
        guard seconds > 0 else { return result }
        let rate = scenario.rps * scenario.shape.multiplier(slot: slot, seed: seed, runStream: runStream)
        var totalStream = Xoshiro256(seed, runStream, UInt64(slot), UInt64(part), streamKey("total"))
        let total = Draw.poisson(rate * seconds, &totalStream)
        var splitStream = Xoshiro256(seed, runStream, UInt64(slot), UInt64(part), streamKey("split"))
        let shares = scenario.versions.indices.map { Double(max(0, $0 < weights.count ? weights[$0] : 0)) }
        let perVersion = shares.reduce(0, +) > 0 ? Draw.multinomial(total, shares, &splitStream) : shares.map { _ in 0 }
        for (index, truth) in scenario.versions.enumerated() where perVersion[index] > 0 {
            var g = Xoshiro256(seed, runStream, UInt64(slot), UInt64(part), 1000 + UInt64(index))
            let n = perVersion[index]
            var counts = VersionCounts()
            counts.requests = Double(n)
            counts.errors = Double(Draw.binomial(n, truth.errorRate, &g))
            counts.conversions = Double(Draw.binomial(n, truth.conversionRate, &g))
            truth.latency.sample(n, into: &counts.buckets, sum: &counts.sum, &g)
            result[index] = counts
        }
        return result
    }
}
