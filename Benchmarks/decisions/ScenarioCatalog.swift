/// The benchmark's scenarios: canary families over the traffic ladder, low and uneven traffic, a metrics
/// outage, A/B/n reward differences and conformance.
enum ScenarioCatalog {
    /// The canary families' mean request rates (requests per second).
    static let ladder: [Double] = [20, 50, 100, 200]

    /// The baseline of every scenario: 0.2 % errors, a mean latency of 50 ms (log-normal σ 0.5 plus the tail).
    static let baseline = VersionTruth(errorRate: 0.002, latency: LatencyDistribution(mean: 50, sigma: 0.5))

    static func version(errors: Double = 0.002, mean: Double = 50, sigma: Double = 0.5) -> VersionTruth {
        VersionTruth(errorRate: errors, latency: LatencyDistribution(mean: mean, sigma: sigma))
    }

    static func canary(_ name: String, rps: Double, _ candidate: VersionTruth, latency: Scenario.LatencyObjective = .mean,
                       shape: TrafficShape = .steady, outage: ClosedRange<Int>? = nil) -> Scenario {
        Scenario(name, latency: latency, rps: rps, shape: shape, outage: outage, versions: [baseline, candidate])
    }

    static func rate(_ rps: Double) -> String { rps >= 1 ? "\(Int(rps))rps" : "\(rps)rps" }

    /// Every scenario, in report order.
    static func all() -> [Scenario] {
        var list: [Scenario] = []
        let errorLimit = Scenario.errorRateLimit
        let latencyLimit = Scenario.meanLatencyLimit
        for rps in ladder { list.append(canary("equal/\(rate(rps))", rps: rps, baseline)) }
        for rps in ladder { list.append(canary("better/\(rate(rps))", rps: rps, version(errors: 0.001, mean: 40))) }
        for (family, factor) in [("worse-large", (errors: 5.0, latency: 2.0)), ("worse-small", (errors: 1.2, latency: 1.2))] {
            for rps in ladder {
                list.append(canary("\(family)/errors-\(rate(rps))", rps: rps, version(errors: factor.errors * errorLimit)))
            }
            for rps in ladder {
                list.append(canary("\(family)/latency-\(rate(rps))", rps: rps, version(mean: factor.latency * latencyLimit)))
            }
        }
        for (family, factor) in [("near-limit", 0.85), ("borderline", 1.0)] {
            for rps in ladder { list.append(canary("\(family)/errors-\(rate(rps))", rps: rps, version(errors: factor * errorLimit))) }
            for rps in ladder { list.append(canary("\(family)/latency-\(rate(rps))", rps: rps, version(mean: factor * latencyLimit))) }
        }
        for rps in ladder {
            list.append(canary("latency-only/\(rate(rps))", rps: rps, version(errors: 0.001, mean: 1.5 * latencyLimit, sigma: 0.8)))
        }
        let p95Limit = Scenario.p95LatencyLimit
        let p95Good = VersionTruth(errorRate: 0.002, latency: LatencyDistribution(p95: 0.8 * p95Limit, sigma: 0.5))
        let p95Bad = VersionTruth(errorRate: 0.002, latency: LatencyDistribution(p95: 1.3 * p95Limit, sigma: 1.0))
        for rps in ladder { list.append(canary("percentile-only/good-\(rate(rps))", rps: rps, p95Good, latency: .p95)) }
        for rps in ladder { list.append(canary("percentile-only/bad-\(rate(rps))", rps: rps, p95Bad, latency: .p95)) }
        let clearlyBad = version(errors: 5 * errorLimit, mean: 2 * latencyLimit)
        for rps in [1.0, 2, 5] { list.append(canary("low-traffic/good-\(rate(rps))", rps: rps, baseline)) }
        for rps in [1.0, 2, 5] { list.append(canary("low-traffic/bad-\(rate(rps))", rps: rps, clearlyBad)) }
        let slightlyBad = version(errors: 1.3 * errorLimit, mean: 1.3 * latencyLimit)
        for shape in [TrafficShape.bursty, .diurnal] {
            for rps in [20.0, 100] {
                list.append(canary("\(shape.rawValue)/good-\(rate(rps))", rps: rps, baseline, shape: shape))
                list.append(canary("\(shape.rawValue)/bad-\(rate(rps))", rps: rps, slightlyBad, shape: shape))
            }
        }
        for rps in [20.0, 100] {
            list.append(canary("outage/good-\(rate(rps))", rps: rps, baseline, outage: 4...6))
            list.append(canary("outage/bad-\(rate(rps))", rps: rps, slightlyBad, outage: 4...6))
        }
        for difference in [0, 5, 10, 20, 50] {
            let d = Double(difference) / 100
            let versions = [0.0, d / 2, d].map { lift in
                VersionTruth(errorRate: 0.002, latency: baseline.latency, conversionRate: 0.05 * (1 + lift))
            }
            list.append(Scenario("abn/reward+\(difference)pct", .abn, rps: 100, versions: versions))
        }
        list.append(Scenario("abn/best-infeasible", .abn, rps: 100, versions: [
            VersionTruth(errorRate: 0.002, latency: baseline.latency, conversionRate: 0.05),
            VersionTruth(errorRate: 0.002, latency: baseline.latency, conversionRate: 0.055),
            VersionTruth(errorRate: 0.03, latency: baseline.latency, conversionRate: 0.075),
        ]))
        for (variant, version) in [
            ("good", baseline), ("near-limit", version(errors: 0.85 * errorLimit, mean: 0.85 * latencyLimit)),
            ("bad", version(errors: 3 * errorLimit)), ("bad-small", version(errors: 1.2 * errorLimit, mean: 1.2 * latencyLimit)),
        ] {
            list.append(Scenario("conformance/\(variant)-50rps", .conformance, rps: 50, versions: [version]))
        }
        return list
    }
}
