import Experiments
import Foundation
import Git
import Routing
import YAML

extension Reconciler {
    /// Builds this pass's commits on `base` and pushes them (never forced). On a rejected push it fetches,
    /// and replays its own file changes on the new head — unless someone else changed a file the pass wrote
    /// or a spec it acted on, in which case nothing is published and the next pass re-decides from the new
    /// head. Returns the steps as published (finished experiments completed with their commit).
    func publish(_ steps: [ExperimentStep], base head: GitOID, now: Date, report: inout PassReport) async throws
        -> [ExperimentStep]
    {
        var base = head
        let ours = Set(steps.flatMap { [$0.files.status, $0.files.report, $0.files.chart] })
        let specs = Set(steps.compactMap { $0.status.experiment.specPath })
        var attempt = 0
        while true {
            attempt += 1
            let built = try await build(steps, on: base, now: now)
            report.stepFailures = built.steps.filter { !$0.stepFailures.isEmpty }.count
            guard let tip = built.tip else { return built.steps }
            let wasOpen = breaker.isOpen
            let allowed = breaker.allows(at: now)
            report.pushBreakerOpen = !allowed
            report.pushBreakerTrips = breaker.trips
            guard allowed else {
                if !wasOpen {
                    logger.error(
                        "push circuit breaker tripped: nothing is pushed until the last minute has room",
                        metadata: ["limit": "\(configuration.maxPushesPerMinute) per 60 s",
                            "closes in": "\(Int(breaker.secondsUntilClosed(at: now).rounded(.up))) s"])
                }
                throw PassFailure(
                    stage: .publish,
                    message: "push circuit breaker open: \(configuration.maxPushesPerMinute) pushes in the last 60 s")
            }
            // Fenced: a push can take this long, and the lease must outlast it, or another replica may lead by then.
            guard await fence.permits(.seconds(5)) else {
                throw PassFailure(stage: .publish, message: "not pushing: this replica no longer leads, or its lease is about to lapse")
            }
            breaker.record(at: now)
            do {
                try await repository.push(commit: tip, to: configuration.branch)
                // The next pass reads these files at the new head: it takes the documents as written instead of
                // decoding its own output again (they are equal: dates are at the files' resolution).
                await loader.remember(built.writtenStatuses)
                try await setFetched(tip)
                report.pushedCommits += built.commits
                report.verdicts += built.verdicts
                for commit in built.commits {
                    logger.info("pushed \(commit.kind) commit", metadata: ["commit": "\(commit.id.short)", "subject": "\(commit.subject)"])
                }
                return built.steps
            } catch let error as GitError where error.code == .nonFastForward || error.code == .rejected {
                report.pushRejections += 1
                guard attempt < configuration.pushAttempts else { throw error }
                let newHead = try await repository.fetch(branch: configuration.branch)
                try await setFetched(newHead)
                // A refusal is a lost race when the branch moved meanwhile (a server answers two racing pushes with
                // "cannot lock ref … expected …"); one whose branch did not move is a real refusal (a hook, a rule).
                guard error.code == .nonFastForward || newHead != base else { throw error }
                let theirs = try await repository.changedPaths(from: base, to: newHead).map(\.path)
                if let clash = theirs.first(where: { ours.contains($0) || specs.contains($0) }) {
                    throw PassFailure(
                        stage: .publish,
                        message: "the branch moved on and \(clash) changed there too; re-deciding from \(newHead.short) in the next pass")
                }
                logger.notice("push rejected; replaying on the new head", metadata: ["head": "\(newHead.short)", "attempt": "\(attempt)"])
                base = newHead
                let delay = configuration.pushBackoffSeconds * pow(2, Double(attempt - 1)) * jitter()
                try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
            }
        }
    }

    /// Records a head fetched or pushed; a fetched head that rewrote the branch stops the pass (BranchHistoryGuard).
    func setFetched(_ oid: GitOID) async throws {
        fetchedHead = oid
        try await historyGuard.check(oid)
    }

    struct Built {
        var tip: GitOID?
        var commits: [PassReport.PushedCommit]
        var steps: [ExperimentStep]
        /// The verdicts of the ends these commits record, one per end.
        var verdicts: [FinishPlan.Verdict] = []
        /// The status files written, by blob id, as the documents they hold.
        var writtenStatuses: [(blob: GitOID, status: ExperimentStatus)] = []
    }

    /// Creates the pass's commits on `base`: one per finish (the manifest rewrite), then one status commit.
    func build(_ steps: [ExperimentStep], on base: GitOID, now: Date) async throws -> Built {
        var parent = base
        var commits: [PassReport.PushedCommit] = []
        var finals = steps
        var committedFinishes: Set<Int> = []
        var verdicts: [FinishPlan.Verdict] = []
        let signature = GitSignature(name: configuration.identity.name, email: configuration.identity.email, time: now)
        for index in finals.indices {
            guard let finish = finals[index].finish, var machine = finals[index].machine else { continue }
            let plan = finish.plan
            var edited: (path: String, text: String)?
            if let path = finish.manifestPath {
                do {
                    let experiment = machine.experiment
                    edited = (path, try await manifestText(path, at: parent, for: experiment) { editor, data in
                        if plan.kind == .promotion, let winner = plan.version {
                            return try editor.promoting(winner, for: experiment, in: data, file: path)
                        }
                        return try editor.applying(plan.split, for: experiment, in: data, file: path)
                    })
                } catch {
                    let actions = machine.weightsFailed(reason: "cannot rewrite \(path): \(error)", at: now)
                    finals[index].events.append("manifest not rewritten: \(error)")
                    finals[index].requeueSeconds = actions.compactMap(Self.requeue).min()
                    finals[index].machine = machine
                    finals[index].status.state = machine.state
                    finals[index].finish = nil
                    continue
                }
            }
            _ = machine.pushSucceeded(commit: "", at: now)
            var status = finals[index].status
            status.state = machine.state
            var finishID: GitOID?
            if let edited {
                let message = CommitMessages.finish(
                    plan, status: status, versions: machine.experiment.versions.map(\.name), note: finish.manifestNote)
                finishID = try await repository.commit(
                    changes: [.write(edited.path, edited.text)], on: parent, author: signature, committer: signature, message: message)
                if let finishID {
                    committedFinishes.insert(index)
                    verdicts.append(CommitMessages.verdict(plan))
                    parent = finishID
                    commits.append(.init(id: finishID, kind: CommitMessages.action(plan.kind), subject: Self.subject(message)))
                }
            }
            var state = machine.state
            state.finishCommit = finishID?.hex
            finals[index].machine = ExperimentStateMachine(experiment: machine.experiment, state: state)
            finals[index].status.state = state
            if let transition = machine.lastTransition { finals[index].events.append("\(transition)") }
        }
        var changes: [FileChange] = []
        var writtenStatuses: [(blob: GitOID, status: ExperimentStatus)] = []
        var entries: [(status: ExperimentStatus, action: String, line: String)] = []
        var recordedEnds: [FinishPlan.Verdict] = []
        for index in finals.indices {
            var action = "status"
            if let split = finals[index].manifestSplit, var machine = finals[index].machine {
                do {
                    let experiment = machine.experiment
                    let text = try await manifestText(split.path, at: parent, for: experiment) { editor, data in
                        try editor.applying(split.split, for: experiment, in: data, file: split.path)
                    }
                    changes.append(.write(split.path, text))
                    action = "weights"
                } catch {
                    _ = machine.weightsFailed(reason: "cannot write the split to \(split.path): \(error)", at: now)
                    finals[index].machine = machine
                    finals[index].status.state = machine.state
                }
            }
            let step = finals[index]
            guard step.publishes else { continue }
            // One experiment's files that cannot be written must not stop the others: it is left out of this
            // commit, with the reason in the log and the pass report.
            if let unsafe = [step.files.status, step.files.report, step.files.chart].first(where: { !RepositoryPath.isSafe($0) }) {
                finals[index].stepFailures.append(.unwritable)
                logger.error("experiment not published: unsafe file path", metadata: ["experiment": "\(step.key)", "path": "\(unsafe)"])
                continue
            }
            if action != Iter8Action.weights.rawValue, step.finish == nil, let recorded = step.recorded, recorded == step.status {
                continue  // nothing changed: the file holds this status already
            }
            let written: StatusFile.Written
            do {
                written = try StatusFile.write(step.status)
            } catch {
                finals[index].stepFailures.append(.unwritable)
                logger.error("experiment not published: its status does not encode", metadata: ["experiment": "\(step.key)", "error": "\(error)"])
                continue
            }
            // The file's text is read only when the pass did not read its status: a status that differs from the one
            // read has a different text.
            let existing = step.recorded != nil ? nil
                : try await repository.readFile(path: step.files.status, at: parent).map { String(decoding: $0, as: UTF8.self) }
            let text = written.text
            guard existing != text || action == "weights" else { continue }
            if existing != text {
                let data = Data(text.utf8)
                changes.append(.write(step.files.status, data))
                if let blob = GitOID.blob(of: data) { writtenStatuses.append((blob, written.status)) }
            }
            if let reports {
                let chart = step.files.chart.split(separator: "/").last.map(String.init) ?? step.files.chart
                let rendered = reports.render(step.status, chartFile: chart, duration: step.machine?.experiment.duration)
                changes.append(.write(step.files.report, rendered.markdown))
                changes.append(.write(step.files.chart, rendered.svg))
            }
            if let finish = step.finish {
                // An end without a commit of its own (no manifest to rewrite) is recorded by this commit.
                action = committedFinishes.contains(index) ? Iter8Action.status.rawValue : CommitMessages.action(finish.plan.kind)
                if !committedFinishes.contains(index) {
                    recordedEnds.append(step.status.state.finish.map(CommitMessages.verdict) ?? CommitMessages.verdict(finish.plan))
                }
            }
            entries.append((step.status, action, Self.line(step)))
        }
        if !changes.isEmpty {
            let message = CommitMessages.status(entries)
            if let id = try await repository.commit(
                changes: changes, on: parent, author: signature, committer: signature, message: message)
            {
                parent = id
                verdicts += recordedEnds
                // Its kind: weights when it rewrites a manifest's split, else an end it records (one without a
                // manifest change of its own), else status.
                let ends = entries.map(\.action).filter { $0 != Iter8Action.status.rawValue && $0 != Iter8Action.weights.rawValue }
                let kind = entries.contains { $0.action == Iter8Action.weights.rawValue }
                    ? Iter8Action.weights.rawValue : ends.first ?? Iter8Action.status.rawValue
                commits.append(.init(id: id, kind: kind, subject: Self.subject(message)))
            }
        }
        return Built(
            tip: parent == base ? nil : parent, commits: commits, steps: finals, verdicts: verdicts, writtenStatuses: writtenStatuses)
    }

    /// The manifest at `path` edited by the routing plug-in of `experiment`'s kind.
    func manifestText(
        _ path: String, at commit: GitOID, for experiment: Experiment, _ edit: (any ManifestRouting, Data) throws -> String
    ) async throws -> String {
        guard RepositoryPath.isSafe(path) else { throw ManifestEditError.unsafePath(path) }
        guard let kind = experiment.routedObject?.kind else { throw ManifestEditError.noRouting }
        guard let editor = runner.environment.manifests[kind] else { throw ManifestEditError.noEditor(kind) }
        guard let data = try await repository.readFile(path: path, at: commit) else {
            throw ManifestEditError.missing(path, at: commit.short)
        }
        return try edit(editor, data)
    }

    static func line(_ step: ExperimentStep) -> String {
        let state = step.status.state
        var parts = ["\(step.key): \(state.phase.rawValue) (\(state.reason))", "iteration \(state.completedIterations)"]
        if let weights = state.weights, let experiment = step.machine?.experiment {
            parts.append("weights " + experiment.versions.map { "\($0.name)=\(weights[$0.name] ?? 0)" }.joined(separator: " "))
        }
        if let errors = step.status.specErrors, let first = errors.first { parts.append("invalid: \(first)") }
        return parts.joined(separator: ", ")
    }

    static func subject(_ message: String) -> String {
        String(message.split(separator: "\n", maxSplits: 1).first ?? "")
    }

    static func requeue(_ action: ExperimentAction) -> Double? {
        if case .requeue(let seconds) = action { return Double(seconds) }
        return nil
    }
}
