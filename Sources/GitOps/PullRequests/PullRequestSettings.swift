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
    /// The web address of the watched branch's files (`https://github.com/acme/rollouts/blob/main`), for links to
    /// the report and the chart in the request's body; nil: their paths only.
    public var repositoryWebURL: String?

    /// Creates settings.
    public init(
        client: any PullRequestClient, defaultPolicy: ReviewPolicy = .never, branchPrefix: String = "iter8/",
        repositoryWebURL: String? = nil
    ) {
        self.client = client
        self.defaultPolicy = defaultPolicy
        self.branchPrefix = branchPrefix
        self.repositoryWebURL = repositoryWebURL
    }

    /// A Markdown reference to the repository file at `path`: a link under ``repositoryWebURL``, else the path.
    func link(_ path: String) -> String {
        guard var base = repositoryWebURL, !base.isEmpty else { return "`\(path)`" }
        while base.hasSuffix("/") { base.removeLast() }
        return "[\(path)](\(base)/\(path))"
    }

    /// The branch holding an end of `experiment`: `iter8/<namespace>-<name>-<kind>-<spec revision, 12 digits>`, so
    /// that one run of an experiment always finds its own request again, and a later run of the same name gets
    /// another.
    public func branch(for experiment: Experiment, kind: FinishPlan.Kind, specRevision: String) -> String {
        "\(branchPrefix)\(experiment.namespace)-\(experiment.name)-\(kind.rawValue)-\(specRevision.prefix(12))"
    }
}
