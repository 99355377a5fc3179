import Experiments

/// The deterministic messages of the service's commits: a subject, a body for people, and trailers
/// (`Iter8-Experiment`, `Iter8-Phase`, `Iter8-Iteration`, `Iter8-Spec-Commit`, `Iter8-Winner`,
/// `Iter8-Action`, and `Iter8-Verdict` on the commit that records an end) that `iter8 history` reads back.
enum CommitMessages {
    /// The trailers of one experiment, in a fixed order; an `action` that ends the experiment adds its verdict.
    static func trailers(_ status: ExperimentStatus, action: Iter8Action) -> [(String, String)] {
        var trailers: [(String, String)] = [
            (Iter8Trailer.experiment, "\(status.experiment.namespace)/\(status.experiment.name)"),
            (Iter8Trailer.phase, status.state.phase.rawValue),
            (Iter8Trailer.iteration, String(status.state.completedIterations)),
        ]
        if let revision = status.specRevision { trailers.append((Iter8Trailer.specCommit, revision)) }
        if let winner = status.state.finish?.kind == .promotion ? status.state.finish?.version : status.state.winner {
            trailers.append((Iter8Trailer.winner, winner))
        }
        trailers.append((Iter8Trailer.action, action.rawValue))
        if action.endsExperiment, let plan = status.state.finish {
            trailers.append((Iter8Trailer.verdict, verdict(plan).rawValue))
        }
        return trailers
    }

    /// The verdict of an end; `none` for a plan written before verdicts were recorded.
    static func verdict(_ plan: FinishPlan) -> FinishPlan.Verdict { plan.verdict ?? .none }

    /// The commit that ends an experiment (promotion, rollback, kept or user split).
    static func finish(_ plan: FinishPlan, status: ExperimentStatus, versions: [String], note: String?) -> String {
        let key = "\(status.experiment.namespace)/\(status.experiment.name)"
        var body = [reason(plan)]
        if !plan.split.isEmpty {
            body.append("Final weights: " + versions.map { "\($0)=\(plan.split[$0] ?? 0)" }.joined(separator: " "))
        }
        if let note { body.append(note) }
        return text(subject: subject(plan, key: key), body: body, trailers: trailers(status, action: action(plan.kind)))
    }

    /// The subject of an end; an inconclusive one ends in `: inconclusive`, so a rollback (or a kept split) for
    /// that reason never reads as an unexplained one.
    static func subject(_ plan: FinishPlan, key: String) -> String {
        let subject = switch plan.kind {
        case .promotion: "iter8: promote \(plan.version ?? "?") in \(key)"
        case .rollback: "iter8: roll back \(key) to \(plan.version ?? "the baseline")"
        case .keepLast: "iter8: finish \(key), keeping the last split"
        case .userSplit: "iter8: finish \(key) with the requested split"
        }
        return verdict(plan) == .inconclusive ? subject + ": inconclusive" : subject
    }

    /// The plan's reason as a sentence; an inconclusive end says so even when its reason does not.
    static func reason(_ plan: FinishPlan) -> String {
        var sentence = oneLine(plan.reason)
        if verdict(plan) == .inconclusive && !sentence.lowercased().contains("inconclusive") {
            sentence = "Inconclusive: " + sentence
        }
        return sentence.hasSuffix(".") ? sentence : sentence + "."
    }

    /// The `Iter8-Action` of an end.
    static func action(_ kind: FinishPlan.Kind) -> Iter8Action {
        switch kind {
        case .promotion: .promotion
        case .rollback: .rollback
        case .keepLast: .keepLast
        case .userSplit: .split
        }
    }

    /// The pass's status commit for every experiment it advanced. An end it records (one without a manifest
    /// change of its own) gets the end's subject when it is the only entry, and its verdict and reason in its line.
    static func status(_ entries: [(status: ExperimentStatus, action: Iter8Action, line: String)]) -> String {
        func end(_ entry: (status: ExperimentStatus, action: Iter8Action, line: String)) -> FinishPlan? {
            entry.action.endsExperiment ? entry.status.state.finish : nil
        }
        let subject: String
        if entries.count == 1, let only = entries.first {
            let key = "\(only.status.experiment.namespace)/\(only.status.experiment.name)"
            subject = end(only).map { Self.subject($0, key: key) }
                ?? "iter8: \(only.action == .weights ? "set weights of" : "status of") \(key): "
                + "\(only.status.state.phase.rawValue), iteration \(only.status.state.completedIterations)"
        } else {
            subject = "iter8: status of \(entries.count) experiments"
        }
        let lines = entries.map { entry in
            oneLine(entry.line) + (end(entry).map { "; verdict \(verdict($0).rawValue): " + reason($0) } ?? "")
        }
        return text(subject: subject, body: lines, trailers: entries.flatMap { trailers($0.status, action: $0.action) })
    }

    static func text(subject: String, body: [String], trailers: [(String, String)]) -> String {
        CommitMessage(
            subject: subject, body: body.filter { !$0.isEmpty }.joined(separator: "\n"),
            trailers: trailers.map { (key: $0.0, value: $0.1) }
        ).text
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
