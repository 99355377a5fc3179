import Foundation

/// Everything the benchmark measured, printed as tables or written as JSON (`--json`).
struct BenchReport: Codable, Sendable {
    /// One engine's results.
    struct EngineResult: Codable, Sendable {
        var engine: EngineKind
        var scenarios: [ScenarioTally]
        var families: [String: Measures]
        var totals: Measures
        /// The low-traffic family's measures (wrong promotions there) and the near-limit family's (inconclusive).
        var lowTraffic: Measures
        var nearLimit: Measures
        /// Requests served by bad candidates as a share of the stepper's on the same scenarios.
        var badExposureVsStepper: Double?
    }

    var options: BenchOptions
    var wallSeconds: Double
    var engines: [EngineResult]
    var goals: [Goal]

    init(options: BenchOptions, wallSeconds: Double, results: [(engine: EngineKind, tallies: [ScenarioTally])]) {
        self.options = options
        self.wallSeconds = wallSeconds
        let stepper = results.first { $0.engine == .stepper }
        let stepperExposure = stepper.map { Measures($0.tallies).badExposure }
        let stepperScenarios = Set(stepper?.tallies.map(\.scenario) ?? [])
        engines = results.map { engine, tallies in
            let families = Dictionary(grouping: tallies.filter { $0.pattern == Scenario.Pattern.canary.rawValue }, by: \.family)
                .mapValues { Measures($0) }
            let sameScenarios = Measures(tallies.filter { stepperScenarios.contains($0.scenario) })
            return EngineResult(
                engine: engine, scenarios: tallies, families: families, totals: Measures(tallies),
                lowTraffic: Measures(tallies.filter { $0.family == "low-traffic" }),
                nearLimit: Measures(tallies.filter { $0.family == "near-limit" }),
                badExposureVsStepper: stepperExposure.flatMap { $0 > 0 ? sameScenarios.badExposure / $0 : nil })
        }
        if let bayes = engines.first(where: { $0.engine == .bayes }) {
            goals = Goal.evaluate(
                bayes: bayes.totals, lowTraffic: bayes.lowTraffic, nearLimit: bayes.nearLimit,
                stepper: stepper.map { Measures($0.tallies) },
                abn: bayes.scenarios.filter { $0.pattern == Scenario.Pattern.abn.rawValue })
        } else {
            goals = []
        }
    }

    /// The report as text.
    func lines() -> [String] {
        var out: [String] = []
        for result in engines {
            out += scenarioTable(result)
            out.append("")
        }
        out += familyTables()
        out += totalsTable()
        out += abnTable()
        out += conformanceTable()
        out += goalLines()
        return out
    }

    func scenarioTable(_ result: EngineResult) -> [String] {
        let widths = [30, 10, 5, 5, 5, 5, 6, 8, 8, 10, 6]
        var out = ["== \(result.engine.rawValue): canary scenarios (\(options.runs) runs each) =="]
        out.append(Text.row(["scenario", "truth", "runs", "prom", "fail", "inc", "nodata", "wrongP", "wrongF", "badExp/run", "ivals"], widths))
        for tally in result.scenarios where tally.pattern == Scenario.Pattern.canary.rawValue {
            let truth = tally.enoughTraffic ? tally.truth.rawValue : "\(tally.truth.rawValue)/low"
            let wrongP = tally.truth == .bad ? Text.percent(Measures.rate(tally.promoted, tally.runs)) : ""
            let wrongF = tally.truth == .good ? Text.percent(Measures.rate(tally.wrongFailures, tally.runs)) : ""
            let exposure = tally.truth == .bad ? Text.count(tally.badExposure / Double(max(1, tally.runs))) : ""
            out.append(Text.row([
                tally.scenario, truth, "\(tally.runs)", "\(tally.promoted)", "\(tally.failures)", "\(tally.undecided)",
                "\(tally.noData)", wrongP, wrongF, exposure, Text.number(Double(tally.intervals) / Double(max(1, tally.runs))),
            ], widths))
        }
        return out
    }

    func measureRow(_ label: String, _ m: Measures, _ widths: [Int], exposureShare: Double? = nil) -> String {
        Text.row([
            label, "\(m.runs)", Text.percent(m.wrongPromotionRate) + " (\(m.wrongPromotions)/\(m.badRuns))",
            Text.percent(m.wrongFailureRate) + " (\(m.wrongFailures)/\(m.goodRuns))",
            Text.percent(m.inconclusiveRate) + " (\(m.inconclusiveGoodEnoughTraffic)/\(m.goodEnoughTrafficRuns))",
            Text.count(m.badExposure) + (exposureShare.map { " (\(Text.percent($0)))" } ?? ""), Text.number(m.meanIntervals, 2),
        ], widths)
    }

    static let measureHeader = ["", "runs", "wrong promotions", "wrong failures", "inconclusive good≥20rps", "bad exposure", "intervals"]

    func familyTables() -> [String] {
        let widths = [18, 6, 22, 22, 24, 20, 9]
        var out: [String] = []
        for result in engines {
            out.append("== \(result.engine.rawValue): canary families ==")
            out.append(Text.row(["family"] + Self.measureHeader.dropFirst(), widths))
            for (family, measures) in result.families.sorted(by: { $0.key < $1.key }) {
                out.append(measureRow(family, measures, widths))
            }
            out.append("")
        }
        return out
    }

    func totalsTable() -> [String] {
        let widths = [18, 6, 22, 22, 24, 20, 9]
        var out = ["== totals: all canary scenarios (bad exposure as % of the stepper's on the same scenarios) =="]
        out.append(Text.row(["engine"] + Self.measureHeader.dropFirst(), widths))
        for result in engines {
            out.append(measureRow(result.engine.rawValue, result.totals, widths, exposureShare: result.badExposureVsStepper))
        }
        out.append("-- wrong promotions in low-traffic (1–5 rps) alone; inconclusive in near-limit alone --")
        for result in engines {
            let low = result.lowTraffic
            let near = result.nearLimit
            out.append(
                "  \(result.engine.rawValue): low-traffic wrong promotions \(Text.percent(low.wrongPromotionRate)) "
                    + "(\(low.wrongPromotions)/\(low.badRuns)); near-limit inconclusive \(Text.percent(near.inconclusiveRate)) "
                    + "(\(near.inconclusiveGoodEnoughTraffic)/\(near.goodEnoughTrafficRuns)); capped runs \(result.totals.cappedRuns)")
        }
        out.append("-- bad exposure over \(Horizon.intervals) intervals (a promoted bad candidate serves every request after its promotion) --")
        let stepperHorizon = engines.first { $0.engine == .stepper }?.totals.badExposureHorizon
        for result in engines {
            let share = stepperHorizon.flatMap { $0 > 0 ? result.totals.badExposureHorizon / $0 : nil }
            out.append("  \(result.engine.rawValue): \(Text.count(result.totals.badExposureHorizon))"
                + (share.map { " (\(Text.percent($0)) of the stepper's)" } ?? ""))
        }
        out.append("")
        return out
    }

    func abnTable() -> [String] {
        let widths = [22, 10, 5, 5, 5, 5, 12, 12, 7]
        var out = ["== A/B/n (3 versions, reward = conversion rate, High; error rate ≤ 1 %) =="]
        out.append(Text.row(["scenario", "engine", "runs", "prom", "base", "none", "wrong winner", "regret/1000", "ivals"], widths))
        for result in engines {
            for tally in result.scenarios where tally.pattern == Scenario.Pattern.abn.rawValue {
                out.append(Text.row([
                    tally.scenario, result.engine.rawValue, "\(tally.runs)", "\(tally.promoted)", "\(tally.failures)",
                    "\(tally.undecided + tally.noData)", Text.percent(Measures.rate(tally.wrongWinners, tally.runs)),
                    Text.number(tally.regret / Double(max(1, tally.runs)), 2), Text.number(Double(tally.intervals) / Double(max(1, tally.runs))),
                ], widths))
            }
        }
        out.append("")
        return out
    }

    func conformanceTable() -> [String] {
        let widths = [28, 10, 10, 5, 7, 5, 7, 7]
        var out = ["== Conformance (one version, no routing) =="]
        out.append(Text.row(["scenario", "engine", "truth", "runs", "passed", "fail", "nodata", "right"], widths))
        for result in engines {
            for tally in result.scenarios where tally.pattern == Scenario.Pattern.conformance.rawValue {
                out.append(Text.row([
                    tally.scenario, result.engine.rawValue, tally.truth.rawValue, "\(tally.runs)", "\(tally.passed)",
                    "\(tally.failures + tally.undecided)", "\(tally.noData)",
                    tally.truth == .borderline ? "–" : Text.percent(Measures.rate(tally.rightVerdicts, tally.runs)),
                ], widths))
            }
        }
        out.append("")
        return out
    }

    func goalLines() -> [String] {
        guard !goals.isEmpty else { return ["(no goals: bayes was not run)"] }
        var out = ["== goals (bayes) =="]
        for goal in goals {
            let padded = goal.name.padding(toLength: 50, withPad: " ", startingAt: 0)
            let mark = goal.passed.map { $0 ? "PASS" : "FAIL" } ?? "n/a "
            out.append("  \(mark)  \(padded) \(goal.measured) (goal \(goal.target))")
        }
        return out
    }
}
