import Experiments
import Foundation
import Git
import YAML

extension Reconciler {
    /// This pass's commits on one base, not pushed yet.
    struct Built {
        var tip: GitOID?
        var commits: [PassReport.PushedCommit]
        /// The steps, with the events delivered while building (a manifest that could not be edited).
        var steps: [ExperimentStep]
        /// The ends these commits record, by step index: with the end's own commit, or nil when the status commit
        /// records it.
        var ends: [Int: EndRecord] = [:]
        /// The status commit, if there is one, and the steps whose status it writes.
        var statusCommit: GitOID?
        var inStatusCommit: Set<Int> = []
        /// The verdicts of the ends these commits record, one per end.
        var verdicts: [FinishPlan.Verdict] = []
        /// The status files written, by blob id, as the documents they hold.
        var writtenStatuses: [(blob: GitOID, status: ExperimentStatus)] = []
    }

    /// How an end is recorded.
    struct EndRecord {
        /// The end's own commit (the manifest rewrite); nil when the status commit records it.
        var commit: GitOID?
    }

    /// Creates the pass's commits on `base`: one per finish (the manifest rewrite), then one status commit. The
    /// status of an end is written as its machine will be once the push is reported (``ExperimentEvent/pushSucceeded(commit:)``
    /// delivered to a copy); the machine itself hears it only after the push. With a status branch (`route`), the
    /// manifests are only read at `base` and the status commit goes on the status branch (``CommitRoute``).
    func build(_ steps: [ExperimentStep], on base: GitOID, route: CommitRoute = .watched, now: Date) async throws -> Built {
        var parent = base
        var built = Built(tip: nil, commits: [], steps: steps)
        var recorded: [Int: ExperimentStatus] = [:]
        let weights = route.commitsManifests ? await weightEdits(&built.steps, at: base) : await splitsRefused(&built.steps, route)
        var rewritten: Set<String> = []
        let signature = GitSignature(name: configuration.identity.name, email: configuration.identity.email, time: now)
        for index in built.steps.indices {
            guard let finish = built.steps[index].finish, let machine = built.steps[index].machine else { continue }
            let plan = finish.plan
            var edited: (path: String, text: String)?
            if let path = finish.manifestPath, !route.commitsManifests {
                built.steps[index].events.append(manifestKept(path, route))
            } else if let path = finish.manifestPath {
                do {
                    let experiment = machine.experiment
                    edited = (path, try await manifestText(path, at: parent, for: experiment) { editor, data in
                        if plan.kind == .promotion, let winner = plan.version {
                            return try editor.promoting(winner, for: experiment, in: data, file: path)
                        }
                        return try editor.applying(plan.split, for: experiment, in: data, file: path)
                    })
                } catch {
                    built.steps[index].finish = nil
                    built.steps[index].events.append("manifest not rewritten: \(error)")
                    await runner.deliver(.weightsFailed(reason: "cannot rewrite \(path): \(error)"), to: &built.steps[index])
                    continue
                }
            }
            var finishID: GitOID?
            if let edited {
                let status = Self.ended(built.steps[index], commit: nil, at: now)
                let message = CommitMessages.finish(
                    plan, status: status, versions: machine.experiment.versions.map(\.name), note: finish.manifestNote)
                finishID = try await repository.commit(
                    changes: [.write(edited.path, edited.text)], on: parent, author: signature, committer: signature, message: message)
                if let finishID {
                    built.verdicts.append(CommitMessages.verdict(plan))
                    parent = finishID
                    rewritten.insert(edited.path)
                    built.commits.append(.init(id: finishID, kind: CommitMessages.action(plan.kind), subject: Self.subject(message)))
                }
            }
            built.ends[index] = EndRecord(commit: finishID)
            recorded[index] = Self.ended(built.steps[index], commit: finishID?.hex, at: now)
        }
        var changes: [FileChange] = []
        var entries: [(status: ExperimentStatus, action: Iter8Action, line: String)] = []
        var entryIndices: [Int] = []
        var recordedEnds: [FinishPlan.Verdict] = []
        for index in built.steps.indices {
            var action = Iter8Action.status
            if let split = built.steps[index].manifestSplit, var text = weights[index] {
                if rewritten.contains(split.path), let experiment = built.steps[index].machine?.experiment {
                    // An end of this pass rewrote the same file: edit the split on top of it.
                    do {
                        text = try await manifestText(split.path, at: parent, for: experiment) { editor, data in
                            try editor.applying(split.split, for: experiment, in: data, file: split.path)
                        }
                    } catch {
                        let hadFinish = built.steps[index].finish != nil
                        await weightsNotCommitted(split, error, in: &built.steps[index])
                        if !hadFinish, built.steps[index].finish != nil {
                            // This pass's ends are committed already: the machine, finishing, asks again next pass.
                            built.steps[index].finish = nil
                            built.steps[index].events.append("the end is committed in the next pass")
                        }
                        text = ""
                    }
                }
                if !text.isEmpty {
                    changes.append(.write(split.path, text))
                    action = .weights
                }
            }
            let step = built.steps[index]
            guard step.publishes else { continue }
            var status = recorded[index] ?? step.status
            if let notifier {
                // The outbox goes in the same commit as the transitions it reports (Notifier).
                // An end is added to the step's outcomes once its push is reported: here, it is the one recorded.
                var ends: [(kind: ExperimentOutcome.Kind, iteration: Int)] = []
                if recorded[index] != nil, let finish = step.finish {
                    ends.append((.end(finish.plan), status.state.completedIterations))
                }
                status.outbox = await notifier.outbox(
                    experiment: step.key, specRevision: status.specRevision, recorded: step.status.outbox,
                    new: step.outcomes + ends, now: now,
                    tasks: step.machine.map { SpecTasks($0.experiment, state: status.state) })
                built.steps[index].document.outbox = status.outbox
            }
            // One experiment's files that cannot be written must not stop the others: it is left out of this
            // commit, with the reason in the log and the pass report.
            if let unsafe = [step.files.status, step.files.report, step.files.chart].first(where: { !RepositoryPath.isSafe($0) }) {
                built.steps[index].stepFailures.append(.unwritable)
                logger.error("experiment not published: unsafe file path", metadata: ["experiment": "\(step.key)", "path": "\(unsafe)"])
                continue
            }
            if action != .weights, step.finish == nil, let previous = step.recorded, previous == status {
                continue  // nothing changed: the file holds this status already
            }
            let written: StatusFile.Written
            do {
                written = try StatusFile.write(status)
            } catch {
                built.steps[index].stepFailures.append(.unwritable)
                logger.error("experiment not published: its status does not encode", metadata: ["experiment": "\(step.key)", "error": "\(error)"])
                continue
            }
            // The file's text is read only when the pass did not read its status: a status that differs from the one
            // read has a different text.
            let existing = step.recorded != nil ? nil
                : try await repository.readFile(path: step.files.status, at: route.statusParent(watchedTip: parent) ?? base)
                    .map { String(decoding: $0, as: UTF8.self) }
            let text = written.text
            guard existing != text || action == .weights else { continue }
            if existing != text {
                let data = Data(text.utf8)
                changes.append(.write(step.files.status, data))
                if let blob = GitOID.blob(of: data) { built.writtenStatuses.append((blob, written.status)) }
            }
            if let reports {
                let chart = step.files.chart.split(separator: "/").last.map(String.init) ?? step.files.chart
                let rendered = reports.render(status, chartFile: chart, duration: step.machine?.experiment.duration)
                changes.append(.write(step.files.report, rendered.markdown))
                changes.append(.write(step.files.chart, rendered.svg))
            }
            if let finish = step.finish {
                // An end without a commit of its own (no manifest to rewrite) is recorded by this commit.
                let own = built.ends[index]?.commit != nil
                action = own ? .status : CommitMessages.action(finish.plan.kind)
                if !own { recordedEnds.append(status.state.finish.map(CommitMessages.verdict) ?? CommitMessages.verdict(finish.plan)) }
            }
            entries.append((status, action, Self.line(step, status)))
            entryIndices.append(index)
        }
        if !changes.isEmpty {
            let message = CommitMessages.status(entries)
            if let id = try await commitStatus(changes, route: route, watchedTip: parent, signature: signature, message: message) {
                parent = id
                built.verdicts += recordedEnds
                built.statusCommit = id
                built.inStatusCommit = Set(entryIndices)
                // Its kind: weights when it rewrites a manifest's split, else an end it records (one without a
                // manifest change of its own), else status.
                let ends = entries.map(\.action).filter { $0 != .status && $0 != .weights }
                let kind: Iter8Action = entries.contains { $0.action == .weights } ? .weights : ends.first ?? .status
                built.commits.append(.init(id: id, kind: kind, subject: Self.subject(message)))
            }
        }
        // An end is recorded once its status is (in the status commit), or by its own commit alone.
        built.ends = built.ends.filter { $0.value.commit != nil || built.inStatusCommit.contains($0.key) }
        built.tip = parent == base ? nil : parent
        return built
    }

    /// The mid-experiment splits of `git` mode, edited into their manifests at `base` before anything else: one that
    /// cannot be edited is a failed weight change, and what the machine decides on it (a hold, or an end past the
    /// deadline) is carried out before this pass's ends are committed.
    func weightEdits(_ steps: inout [ExperimentStep], at base: GitOID) async -> [Int: String] {
        var texts: [Int: String] = [:]
        for index in steps.indices {
            guard let split = steps[index].manifestSplit, let experiment = steps[index].machine?.experiment else { continue }
            do {
                texts[index] = try await manifestText(split.path, at: base, for: experiment) { editor, data in
                    try editor.applying(split.split, for: experiment, in: data, file: split.path)
                }
            } catch {
                await weightsNotCommitted(split, error, in: &steps[index])
            }
        }
        return texts
    }

    /// A split that could not be written to its manifest: not a change of weights after all, but a failed one.
    func weightsNotCommitted(_ split: ManifestSplit, _ error: any Error, in step: inout ExperimentStep) async {
        step.manifestSplit = nil
        step.outcomes.removeAll { if case .weightsChanged = $0.kind { true } else { false } }
        await runner.deliver(.weightsFailed(reason: "cannot write the split to \(split.path): \(error)"), to: &step)
    }

    /// The status of `step` once the push of its end is reported: what its machine will hold then.
    static func ended(_ step: ExperimentStep, commit: String?, at now: Date) -> ExperimentStatus {
        var projected = step
        _ = projected.machine?.handle(.pushSucceeded(commit: commit), at: now)
        return projected.status
    }
}
