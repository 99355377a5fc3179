import Experiments
import Foundation
import Git

extension Reconciler {
    /// Opens the pull/merge requests this pass's machines asked for (``ExperimentAction/openReview(_:)``) before the
    /// pass publishes, so the status it pushes records each request: the end's commit (the manifest rewrite, with
    /// its trailers) on a branch of its own from `base`, then the request, its body the experiment's report. The
    /// answer (`reviewOpened`, or `reviewFailed`) reaches the machine at once.
    func openReviews(_ steps: inout [ExperimentStep], base: GitOID, now: Date) async {
        for index in steps.indices {
            guard let draft = steps[index].review else { continue }
            steps[index].review = nil
            let event = await openReview(draft, in: steps[index], base: base, now: now)
            switch event {
            case .reviewOpened(let request):
                steps[index].events.append("pull request \(request.url) opened on \(request.branch)")
                logger.notice("pull request opened", metadata: ["experiment": "\(steps[index].key)", "url": "\(request.url)"])
            case .reviewFailed(let reason):
                steps[index].events.append("pull request not opened: \(reason)")
                logger.warning("pull request not opened", metadata: ["experiment": "\(steps[index].key)", "error": "\(reason)"])
            default: break
            }
            await runner.deliver(event, to: &steps[index])
        }
    }

    /// One request: found open already (a restart after opening it), else committed, pushed and opened. An end
    /// that changes no file (a rollback in `cluster` mode: the manifest routes to the baseline already) needs no
    /// review and is answered as merged, with request number 0.
    func openReview(_ draft: FinishRequest, in step: ExperimentStep, base: GitOID, now: Date) async -> ExperimentEvent {
        guard let settings = configuration.pullRequests else {
            return .reviewFailed(reason: "no pull request API is configured (--pull-request-provider)")
        }
        guard let machine = step.machine, let path = draft.manifestPath else {
            return .reviewFailed(reason: "no manifest to rewrite")
        }
        let experiment = machine.experiment
        let plan = draft.plan
        let branch = settings.branch(for: experiment, kind: plan.kind, specRevision: step.status.specRevision ?? base.hex)
        do {
            if let open = try await settings.client.list(head: branch).first(where: { $0.state == .open }) {
                return .reviewOpened(ReviewRequest(number: open.number, url: open.webURL, branch: branch, state: .open))
            }
            let text = try await manifestText(path, at: base, for: experiment) { editor, data in
                if plan.kind == .promotion, let winner = plan.version {
                    return try editor.promoting(winner, for: experiment, in: data, file: path)
                }
                return try editor.applying(plan.split, for: experiment, in: data, file: path)
            }
            let ended = Self.ended(step, commit: nil, at: now)
            let message = CommitMessages.finish(plan, status: ended, versions: experiment.versions.map(\.name), note: nil)
            let signature = GitSignature(name: configuration.identity.name, email: configuration.identity.email, time: now)
            guard let commit = try await repository.commit(
                changes: [.write(path, text)], on: base, author: signature, committer: signature, message: message)
            else {
                return .reviewOpened(ReviewRequest(number: 0, url: "(no change to review)", branch: branch, state: .merged))
            }
            do {
                try await repository.push(commit: commit, to: branch)
            } catch let error as GitError where error.code == .nonFastForward || error.code == .rejected {
                // An earlier attempt pushed this end's branch and stopped before opening the request: open it from
                // the branch as it is (never forced).
                logger.notice("the request's branch exists; opening the request from it", metadata: ["branch": "\(branch)"])
            }
            let body = reviewBody(plan, status: ended, step: step, settings: settings)
            let created = try await settings.client.create(
                PullRequestDraft(head: branch, base: configuration.branch, title: Self.subject(message), body: body))
            return .reviewOpened(ReviewRequest(number: created.number, url: created.webURL, branch: branch, state: .open))
        } catch {
            return .reviewFailed(reason: "\(error)")
        }
    }

    /// The request's description: what merging and closing do, then the experiment's report (decision, evidence
    /// table, chart link), cut to 60,000 characters (GitHub takes at most 65,536).
    func reviewBody(_ plan: FinishPlan, status: ExperimentStatus, step: ExperimentStep, settings: PullRequestSettings) -> String {
        var text = "**iter8 \(plan.kind.rawValue)** of `\(step.key)`: \(plan.reason)\n\n"
        text += "Merging this request (any merge method) carries it out; closing it unmerged refuses it "
            + "(see docs/pull-requests.md). The report: \(settings.link(step.files.report)), the chart: "
            + "\(settings.link(step.files.chart)).\n\n"
        if let reports {
            let chart = step.files.chart.split(separator: "/").last.map(String.init) ?? step.files.chart
            text += reports.render(status, chartFile: chart, duration: step.machine?.experiment.duration).markdown
        }
        return text.count > 60_000 ? String(text.prefix(60_000)) + "\n\n…(cut)" : text
    }
}
