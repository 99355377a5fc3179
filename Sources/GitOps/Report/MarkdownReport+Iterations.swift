import Experiments

/// The assessment and iteration sections.
extension MarkdownReport {
    var latestAssessment: String {
        guard let record = status.iterations.last else {
            if let compact = status.compactedIterations?.last {
                return "## Latest assessment\n\nIteration \(compact.number) at \(ReportFormat.time(compact.time)): only its compact "
                    + "record is kept in the status file (\(decision(compact))); the full record is in the file's history."
            }
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

    /// At most this many rows in the iteration table: the latest.
    static let maxTableRows = 100

    var iterationTable: String {
        let all = status.iterationLines
        guard !all.isEmpty else {
            guard let fold = status.foldedIterations else { return "## Iterations\n\nNone yet." }
            return "## Iterations\n\nIterations \(fold.firstNumber)–\(fold.lastNumber) (\(fold.count)) are folded into a digest in the status file."
        }
        let shown = all.suffix(Self.maxTableRows)
        let order = versions
        var lines = [
            "## Iterations",
            "",
            "Weights are percentages in version order: " + order.map(Markdown.code).joined(separator: " / ") + ".",
        ]
        if let note = tableNote(shown: shown.count, compact: shown.filter(\.compact).count) { lines += ["", note] }
        lines += [
            "",
            Markdown.header(["#", "Time (UTC)", "Elapsed", "Weights before → after", "Decision"], alignRight: [0, 2]),
        ]
        for line in shown {
            let before = split(line.weightsBefore, order), after = split(line.weightsAfter, order)
            let decision = line.result.map(decision) ?? line.summary.map(decision) ?? ""
            lines.append(Markdown.row([
                "\(line.number)", ReportFormat.time(line.time), "\(line.elapsedSeconds) s", "\(before) → \(after)", decision,
            ]))
        }
        return lines.joined(separator: "\n")
    }

    /// What the table leaves out, when it leaves anything out or shows compact records.
    private func tableNote(shown: Int, compact: Int) -> String? {
        let total = status.recordedIterationCount
        guard shown < total || compact > 0 else { return nil }
        var parts: [String] = []
        if shown < total { parts.append("The last \(shown) of \(total) recorded iterations.") }
        if compact > 0 {
            parts.append(
                "\(compact == shown ? "All" : "The first \(compact)") shown are compact records (weights and decision, with "
                    + "a digest of the full record, which is in the status file's history).")
        }
        if let fold = status.foldedIterations {
            parts.append("Iterations \(fold.firstNumber)–\(fold.lastNumber) (\(fold.count)) are folded into a digest.")
        }
        return parts.joined(separator: " ")
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
        case .inconclusive:
            guard let required = objective.requiredSampleSize, let p = objective.probabilitySatisfied else {
                return "inconclusive" + probability
            }
            return "inconclusive (\(ReportFormat.probability(p)); ~\(ReportFormat.count(required)) needed)"
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

    private func decision(_ record: CompactIterationRecord) -> String {
        var parts: [String] = []
        if record.rollback {
            parts.append("**roll back**")
        } else if let winner = record.winner {
            parts.append("winner \(Markdown.code(winner))" + (record.winnerProbability.map { " (\(ReportFormat.probability($0)))" } ?? ""))
        } else {
            parts.append("no winner")
        }
        if record.held { parts.append("held") }
        return parts.joined(separator: "; ")
    }
}
