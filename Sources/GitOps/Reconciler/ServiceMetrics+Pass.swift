import Experiments
import Foundation
import Git

extension ServiceMetrics {
    /// Records what one pass saw and did.
    public func record(_ report: PassReport, seconds: Double, at now: Date) {
        let outcome: PassOutcome = report.failure != nil ? .failure : report.apiFailures.isEmpty ? .success : .partial
        recordPass(seconds: seconds, outcome: outcome)
        if report.head != nil { recordSuccessfulPoll(at: now) }
        if report.branchRewrite != nil || report.head != nil { setBranchRewritten(report.branchRewrite != nil) }
        if report.unverifiedCommit != nil || report.head != nil { setUnverifiedCommit(report.unverifiedCommit != nil) }
        recordGitOperations(abandonedTotal: GitNetworkOperations.shared.abandonedTotal, stuck: GitNetworkOperations.shared.stuck)
        if let failure = report.failure {
            switch failure.stage {
            case .poll: recordGitError(.fetch)
            case .read: recordGitError(.checkout)
            case .publish: if report.pushRejections == 0 { recordGitError(.push) }
            }
        }
        for _ in 0..<report.pushRejections { recordPushRejection() }
        if report.head != nil { recordPushBreaker(open: report.pushBreakerOpen, tripsTotal: report.pushBreakerTrips) }
        recordStepFailures(report.stepFailures)
        for (system, count) in report.apiFailures {
            let external: ExternalSystem
            switch system {
            case .kubernetes: external = .kubernetes
            case .prometheus: external = .prometheus
            case .git, .analysis: continue  // Git failures fail the pass; analysis failures are the spec's or the data's
            }
            for _ in 0..<count { recordAPIError(external) }
        }
        if report.iterations > 0 { recordIterations(report.iterations) }
        recordPrometheusQueries(report.prometheusQueries)
        for commit in report.pushedCommits {
            switch commit.kind {
            case .promotion: recordCommit(.promotion)
            case .rollback: recordCommit(.rollback)
            case .weights: recordCommit(.weights)
            case .status, .keepLast, .split, .abort, .reverted: recordCommit(.status)
            }
        }
        for verdict in report.verdicts { recordVerdict(verdict) }
        if report.failure == nil || report.failure?.stage == .publish {
            var phases: [ExperimentPhase: Int] = [:]
            for experiment in report.experiments { phases[experiment.phase, default: 0] += 1 }
            setExperiments(byPhase: phases)
        }
    }
}
