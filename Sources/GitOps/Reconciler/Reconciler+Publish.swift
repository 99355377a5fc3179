import Experiments
import Foundation
import Git
import Routing
import YAML

extension Reconciler {
    /// Builds this pass's commits on `base` and pushes them (never forced). On a rejected push it fetches,
    /// and replays its own file changes on the new head — unless someone else changed a file the pass wrote
    /// or a spec it acted on, in which case nothing is published and the next pass re-decides from the new
    /// head. Backoff between attempts is on the injected clock. With a status branch the same holds for it: the
    /// status commit goes on its head (``CommitRoute``), and a rejected push is replayed on its new head.
    ///
    /// - Returns: the steps after the push's result reached their machines (each end it recorded is reported with
    ///   its commit), and the outcomes it recorded, in order.
    func publish(_ steps: [ExperimentStep], base head: GitOID, now: Date, report: inout PassReport) async throws
        -> (steps: [ExperimentStep], outcomes: [ExperimentOutcome])
    {
        var base = head
        var route = try await commitRoute(at: head)
        let ours = Set(steps.flatMap { [$0.files.status, $0.files.report, $0.files.chart] })
        let specs = Set(steps.compactMap { $0.status.experiment.specPath })
        var attempt = 0
        while true {
            attempt += 1
            let built = try await build(steps, on: base, route: route, now: now)
            report.stepFailures = built.steps.filter { !$0.stepFailures.isEmpty }.count
            guard let tip = built.tip else { return (built.steps, []) }
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
                try await repository.push(commit: tip, to: route.branch(configuration))
                // The next pass reads these files at the new head: it takes the documents as written instead of
                // decoding its own output again (they are equal: dates are at the files' resolution).
                await loader.remember(built.writtenStatuses)
                if route == .watched {
                    try await setFetched(tip)
                } else {
                    try await setStatusFetched(tip, branch: route.branch(configuration))
                }
                report.pushedCommits += built.commits
                report.verdicts += built.verdicts
                for commit in built.commits {
                    logger.info(
                        "pushed \(commit.kind.rawValue) commit", metadata: ["commit": "\(commit.id.short)", "subject": "\(commit.subject)"])
                }
                return await pushed(built)
            } catch let error as GitError where error.code == .nonFastForward || error.code == .rejected {
                report.pushRejections += 1
                guard attempt < configuration.pushAttempts else { throw error }
                let pushedOn = route.statusParent(watchedTip: base)
                let newHead = try await repository.fetch(branch: route.branch(configuration))
                if route == .watched {
                    try await setFetched(newHead)
                } else {
                    try await setStatusFetched(newHead, branch: route.branch(configuration))
                }
                // A refusal is a lost race when the branch moved meanwhile (a server answers two racing pushes with
                // "cannot lock ref … expected …"); one whose branch did not move is a real refusal (a hook, a rule).
                guard error.code == .nonFastForward || newHead != pushedOn else { throw error }
                let theirs = try await repository.changedPaths(from: pushedOn, to: newHead).map(\.path)
                if let clash = theirs.first(where: { ours.contains($0) || specs.contains($0) }) {
                    throw PassFailure(
                        stage: .publish,
                        message: "the branch moved on and \(clash) changed there too; re-deciding from \(newHead.short) in the next pass")
                }
                logger.notice("push rejected; replaying on the new head", metadata: ["head": "\(newHead.short)", "attempt": "\(attempt)"])
                if route == .watched { base = newHead } else { route = try await commitRoute(at: base) }
                try await clock.sleep(seconds: configuration.pushBackoffSeconds * pow(2, Double(attempt - 1)) * jitter())
            }
        }
    }

    /// The push of `built` succeeded: each end it recorded reaches its machine (`pushSucceeded`, with the end's own
    /// commit), whose state is then the one the pushed status file holds (an end in no pushed commit, its files
    /// unwritable, gets `pushRejected`); and every step's outcomes get the commit that recorded them (an end's own
    /// commit, else the status commit). Steps whose status was not pushed report nothing.
    func pushed(_ built: Built) async -> (steps: [ExperimentStep], outcomes: [ExperimentOutcome]) {
        var steps = built.steps
        var outcomes: [ExperimentOutcome] = []
        for index in steps.indices {
            if let end = built.ends[index] {
                await runner.deliver(.pushSucceeded(commit: end.commit?.hex), to: &steps[index])
            } else if steps[index].finish != nil {
                await runner.deliver(.pushRejected, to: &steps[index])  // its end is in no pushed commit
            }
            let statusCommit = built.inStatusCommit.contains(index) ? built.statusCommit : nil
            for (kind, iteration) in steps[index].outcomes {
                guard let commit = kind.isEnd ? built.ends[index]?.commit ?? statusCommit : statusCommit else { continue }
                outcomes.append(ExperimentOutcome(experiment: steps[index].key, iteration: iteration, commit: commit, kind: kind))
            }
        }
        return (steps, outcomes)
    }

    /// Records a head fetched or pushed; a fetched head that rewrote the branch stops the pass (BranchHistoryGuard).
    func setFetched(_ oid: GitOID) async throws {
        fetchedHead = oid
        try await historyGuard.check(oid)
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

    static func line(_ step: ExperimentStep, _ status: ExperimentStatus) -> String {
        let state = status.state
        var parts = ["\(step.key): \(state.phase.rawValue) (\(state.reason))", "iteration \(state.completedIterations)"]
        if let weights = state.weights, let experiment = step.machine?.experiment {
            parts.append("weights " + experiment.versions.map { "\($0.name)=\(weights[$0.name] ?? 0)" }.joined(separator: " "))
        }
        if let errors = status.specErrors, let first = errors.first { parts.append("invalid: \(first)") }
        return parts.joined(separator: ", ")
    }

    static func subject(_ message: String) -> String {
        String(message.split(separator: "\n", maxSplits: 1).first ?? "")
    }
}
