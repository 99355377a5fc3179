import Experiments

/// The assessment and iteration sections.
extension MarkdownReport {
    var latestAssessment: String {
        guard let record = status.iterations.last else {
            return "## Latest assessment\n\nNo iteration has been assessed yet."
        }
        let result = record.result
        let percent = ReportFormat.number(result.confidence * 100)
        var lines = [
            "## Latest assessment",
            "",
            "Iteration \(record.number) at \(ReportFormat.time(record.time)) · \(result.testingPattern.rawValue) · engine "
                + "\(Markdown.code(result.engine)) · \(Markdown.code(result.traffic.policy.rawValue)) traffic. Metrics show the "
                + "posterior mean and its \(percent)% credible interval; objectives the verdict and P(satisfied).",
            "",
        ]
        let metrics = metricNames(result)
        let objectives = record.input.objectives
        let titles = ["Version", "Weight"] + metrics.map(Markdown.code) + objectives.map(objectiveTitle) + ["P(best)"]
        lines.append(Markdown.header(titles, alignRight: Set(1...metrics.count + 1).union([titles.count - 1])))
        for version in result.versions {
            let weight = status.state.weights?[version.name] ?? record.weightsAfterByVersion[version.name]
            var cells = [Markdown.code(version.name) + (version.isBaseline ? " (baseline)" : ""), weight.map { "\($0)%" } ?? "-"]
            cells += metrics.map { name in metricCell(version.metrics.first { $0.metric == name }) }
            cells += objectives.indices.map { index in
                index < version.objectives.count ? verdict(version.objectives[index]) : "-"
            }
            cells.append(ReportFormat.probability(version.winProbability))
            lines.append(Markdown.row(cells))
        }
        lines.append("")
        if result.winner.found, let winner = result.winner.version {
            let probability = result.winner.probability.map { " (P = \(ReportFormat.probability($0)))" } ?? ""
            lines.append("**Winner:** \(Markdown.code(winner))\(probability). \(Markdown.text(result.winner.reason))")
        } else {
            lines.append("**No winner yet.** \(Markdown.text(result.winner.reason))")
        }
        if result.rollback.recommended {
            lines.append("")
            lines.append("**Rollback recommended.** \(Markdown.text(result.rollback.reason ?? ""))")
        }
        lines.append("")
        lines.append("**Traffic:** \(Markdown.text(result.traffic.reason))")
        return lines.joined(separator: "\n")
    }

    var iterationTable: String {
        guard !status.iterations.isEmpty else { return "## Iterations\n\nNone yet." }
        let order = versions
        var lines = [
            "## Iterations",
            "",
            "Weights are percentages in version order: " + order.map(Markdown.code).joined(separator: " / ") + ".",
            "",
            Markdown.header(["#", "Time (UTC)", "Elapsed", "Weights before → after", "Decision"], alignRight: [0, 2]),
        ]
        for record in status.iterations {
            let before = split(record.weightsBeforeByVersion, order), after = split(record.weightsAfterByVersion, order)
            lines.append(Markdown.row([
                "\(record.number)", ReportFormat.time(record.time), "\(record.elapsedSeconds) s", "\(before) → \(after)",
                decision(record.result),
            ]))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Cells

    private func metricNames(_ result: AnalysisResult) -> [String] {
        var names: [String] = []
        for version in result.versions {
            for metric in version.metrics where !names.contains(metric.metric) { names.append(metric.metric) }
        }
        return names
    }

    private func metricCell(_ metric: MetricAssessment?) -> String {
        guard let metric else { return "-" }
        if let posterior = metric.posterior {
            return "\(ReportFormat.number(posterior.mean)) [\(ReportFormat.number(posterior.lower)), \(ReportFormat.number(posterior.upper))]"
        }
        return metric.value.map { ReportFormat.number($0) } ?? "no data"
    }

    private func objectiveTitle(_ objective: Objective) -> String {
        let factor = objective.relativeToBaseline ? "× baseline" : ""
        var limits: [String] = []
        if let lower = objective.lowerLimit { limits.append("≥ \(ReportFormat.number(lower))\(factor)") }
        if let upper = objective.upperLimit { limits.append("≤ \(ReportFormat.number(upper))\(factor)") }
        return Markdown.code(objective.metric) + " " + limits.joined(separator: ", ")
    }

    private func verdict(_ objective: ObjectiveAssessment) -> String {
        let probability = objective.probabilitySatisfied.map { " (\(ReportFormat.probability($0)))" } ?? ""
        switch objective.assessment {
        case .pass: return "pass" + probability
        case .fail: return "**fail**" + probability
        case .inconclusive: return "inconclusive" + probability
        case .noData: return "no data"
        }
    }

    private func split(_ weights: [String: Int], _ order: [String]) -> String {
        order.map { weights[$0].map(String.init) ?? "-" }.joined(separator: " / ")
    }

    private func decision(_ result: AnalysisResult) -> String {
        var parts: [String] = []
        if result.rollback.recommended {
            parts.append("**roll back**: " + Markdown.text(result.rollback.reason ?? ""))
        } else if result.winner.found, let winner = result.winner.version {
            parts.append("winner \(Markdown.code(winner))" + (result.winner.probability.map { " (\(ReportFormat.probability($0)))" } ?? ""))
        } else {
            parts.append("no winner")
        }
        if result.traffic.held { parts.append("held: " + Markdown.text(result.traffic.reason)) }
        return parts.joined(separator: "; ")
    }
}
