import Experiments

/// The Markdown report of one experiment (see ``ReportRenderer/markdown(for:chartFile:)``).
struct MarkdownReport {
    let status: ExperimentStatus
    let chartFile: String
    /// The spec's duration, when known: says whether a running experiment is extended.
    var duration: DurationSpec? = nil

    /// The whole page, sections separated by blank lines, ending with one newline.
    var text: String {
        var sections = [title, overview]
        if let length = verdict ?? extended { sections.append(length) }
        if let errors = specErrors { sections.append(errors) }
        sections += [latestAssessment, chart, conditions, iterationTable]
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// The versions, baseline first.
    var versions: [String] { status.versionOrder }

    private var title: String {
        let identity = status.experiment
        var line = "Target \(Markdown.code(identity.target))"
        if let path = identity.specPath { line += " · spec \(Markdown.code(path))" }
        if let revision = status.specRevision { line += " at \(Markdown.code(revision))" }
        line += " · seed \(status.seed)"
        return "# Experiment \(Markdown.code(status.qualifiedName))\n\n" + line
    }

    private var overview: String {
        let state = status.state
        var items = ["**Phase:** \(state.phase.rawValue) (\(Markdown.code(state.reason)))", "**Outcome:** \(outcome)"]
        if state.finish != nil {
            items.append("**Finish commit:** " + (state.finishCommit.map(Markdown.code) ?? "not committed yet"))
        }
        var progress = "\(state.completedIterations) completed"
        if let last = state.lastIterationAt { progress += ", the last at \(ReportFormat.time(last))" }
        if let started = state.startedAt { progress += " (started \(ReportFormat.time(started)))" }
        items.append("**Iterations:** \(progress)")
        var weights = ReportFormat.weights(state.weights, order: versions)
        if let pending = state.pendingWeights { weights += " (pending \(ReportFormat.weights(pending, order: versions)))" }
        items.append("**Weights:** \(Markdown.text(weights))")
        items.append("**Winner:** " + (state.winner.map(Markdown.code) ?? "none yet"))
        if let since = state.noDataSince { items.append("**No data since:** \(ReportFormat.time(since))") }
        return items.map { "- " + $0 }.joined(separator: "\n")
    }

    private var outcome: String {
        guard let finish = status.state.finish else {
            return status.state.phase == .completed ? "completed" : "in progress"
        }
        let split = Markdown.text(ReportFormat.weights(finish.split, order: versions))
        let what: String
        switch finish.kind {
        case .promotion: what = "promoted " + (finish.version.map(Markdown.code) ?? "?") + " (\(split))"
        case .rollback: what = "rolled back to " + (finish.version.map(Markdown.code) ?? "the baseline") + " (\(split))"
        case .keepLast: what = "kept the last split (\(split))"
        case .userSplit: what = "ended with a manual split (\(split))"
        }
        return "\(what), trigger \(Markdown.code(finish.trigger.rawValue)): \(Markdown.text(finish.reason))"
    }

    /// A finished experiment's verdict in a sentence with the plan's reason (which, for an inconclusive end,
    /// names the sample size a decision would have needed); nil before the end or for a plan without a verdict.
    private var verdict: String? {
        guard let finish = status.state.finish, let verdict = finish.verdict else { return nil }
        let lead = switch verdict {
        case .pass: "**Verdict: pass.**"
        case .fail: "**Verdict: fail.**"
        case .inconclusive: "**Verdict: inconclusive.**"
        case .none: "**No verdict.**"
        }
        return lead + " " + Markdown.text(sentence(finish.reason))
    }

    /// For a running adaptive experiment past its planned iterations: that it is extended, and up to when.
    private var extended: String? {
        guard let duration, duration.mode == .adaptive, status.state.finish == nil, status.state.phase != .completed,
            status.state.completedIterations > duration.plannedIterations
        else { return nil }
        return "**Extended:** iteration \(status.state.completedIterations) of up to \(duration.maxIterations) while the "
            + "evidence is inconclusive (\(duration.plannedIterations) planned)."
    }

    /// `text` ending with a full stop (its first letter is kept: it may be a version's name).
    private func sentence(_ text: String) -> String {
        text.isEmpty || text.hasSuffix(".") ? text : text + "."
    }

    private var specErrors: String? {
        guard let errors = status.specErrors, !errors.isEmpty else { return nil }
        let revision = status.specRevision.map { " at \(Markdown.code($0))" } ?? ""
        return "## Spec errors\n\nThe spec\(revision) is invalid; traffic is held until it is fixed.\n\n"
            + errors.map { "- " + Markdown.code($0) }.joined(separator: "\n")
    }

    private var chart: String {
        let target = chartFile.contains(where: { " ()<>".contains($0) }) ? "<\(chartFile)>" : chartFile
        return "## Chart\n\n![weights and key metric](\(target))"
    }

    private var conditions: String {
        let list = status.state.conditions
        guard !list.isEmpty else { return "## Conditions\n\nNo conditions yet." }
        let rows = list.map {
            Markdown.row([$0.type, $0.status, Markdown.code($0.reason), Markdown.text($0.message), ReportFormat.time($0.lastTransitionTime)])
        }
        return "## Conditions\n\n" + Markdown.header(["Type", "Status", "Reason", "Message", "Since (UTC)"]) + "\n"
            + rows.joined(separator: "\n")
    }
}
