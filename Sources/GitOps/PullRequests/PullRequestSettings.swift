import Experiments
import Foundation

/// How the service opens pull/merge requests for the ends that wait for review: the forge client, which ends
/// wait when a spec does not say (`promotion.pullRequest`), and how the branches are named.
public struct PullRequestSettings: Sendable {
    /// The forge's API.
    public var client: any PullRequestClient
    /// The policy for specs without `promotion.pullRequest`.
    public var defaultPolicy: ReviewPolicy
    /// The start of every request's branch name (default `iter8/`).
    public var branchPrefix: String

    /// Creates settings.
    public init(client: any PullRequestClient, defaultPolicy: ReviewPolicy = .never, branchPrefix: String = "iter8/") {
        self.client = client
        self.defaultPolicy = defaultPolicy
        self.branchPrefix = branchPrefix
    }

    /// The branch holding an end of `experiment`: `iter8/<namespace>-<name>-<kind>-<spec revision, 12 digits>`, so
    /// that one run of an experiment always finds its own request again, and a later run of the same name gets
    /// another.
    public func branch(for experiment: Experiment, kind: FinishPlan.Kind, specRevision: String) -> String {
        "\(branchPrefix)\(experiment.namespace)-\(experiment.name)-\(kind.rawValue)-\(specRevision.prefix(12))"
    }
}
