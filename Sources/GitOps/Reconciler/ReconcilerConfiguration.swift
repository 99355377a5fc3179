import Experiments
import Foundation
import Git

/// How the reconciler reads the repository and acts on experiments. Everything has a default but the
/// commit identity, which says who the service's commits come from.
public struct ReconcilerConfiguration: Sendable {
    /// The branch watched and committed to (only read with a ``statusBranch``).
    public var branch: String
    /// When set, the watched branch is only read and the service's status, report and chart files are committed to
    /// this branch of their own instead (created on first use); ends that change a manifest go by pull request
    /// (docs/pull-requests.md, "Branch protection"). Nil: every commit goes to ``branch``.
    public var statusBranch: String?
    /// Directories (repository paths, "" for the whole repository) searched for Experiment, Metric and
    /// routed-object (VirtualService, HTTPRoute) files.
    public var paths: [String]
    /// Where status and report files go.
    public var statusLayout: StatusLayout
    /// When set, every experiment uses this apply mode whatever its spec says.
    public var applyModeOverride: ApplyMode?
    /// Namespaces the service may act in; nil allows every namespace. An experiment touching another
    /// namespace gets a status file saying so and is not run.
    public var allowedNamespaces: Set<String>?
    /// The author and committer of the service's commits.
    public var identity: CommitIdentity
    /// Seconds between polls of the remote.
    public var pollIntervalSeconds: Double
    /// Push attempts per pass before giving up until the next pass.
    public var pushAttempts: Int
    /// First backoff between push attempts, in seconds; doubles each attempt, with jitter.
    public var pushBackoffSeconds: Double
    /// In `git` apply mode, seconds to wait for the cluster to show a committed split before holding.
    public var gitApplyTimeoutSeconds: Double
    /// Real seconds one experiment's step may take; past it the step is abandoned, the experiment's status
    /// says so (condition `Reconciled` False) and the pass goes on.
    public var stepDeadlineSeconds: Double = 120
    /// Real seconds a pass may spend reconciling; experiments not reached by then wait for the next pass.
    public var passDeadlineSeconds: Double = 600
    /// Targets reconciled at once within a pass (their experiments' I/O overlaps); the experiments of one target
    /// always go one after another, in queue order.
    public var passConcurrency: Int = 16
    /// Experiments whose status one pass may change: past it the pass commits what it has and the rest follow in
    /// the next pass, at once. Keeps a pass (its commit, the memory its files take, the lag of its first iteration)
    /// small when many experiments are due together, after a restart or an outage. Steps in flight when it is
    /// reached still finish (at most ``passConcurrency`` − 1 more).
    public var maxChangesPerPass: Int = 100
    /// Seconds a step in flight may still take once a graceful shutdown asked the pass to stop; then it is
    /// abandoned (its experiment resumes from Git after the restart).
    public var shutdownGraceSeconds: Double = 4
    /// The least time between two passes, whatever asks for one sooner (a requeue, a webhook).
    public var minPassIntervalSeconds: Double = 1
    /// Pushes allowed in any 60 seconds; past it the breaker opens and nothing is pushed until the window has
    /// room (a pass commits once, so this leaves room for any number of experiments per pass).
    public var maxPushesPerMinute: Int = 120
    /// When set, the reconciler acts only on a head whose commits since the last verified one are signed by
    /// trusted keys (``BranchSignatureGate``); nil: signatures are not checked.
    public var commitVerifier: CommitVerifier?
    /// When set, ends whose kind the policy reviews go through a pull/merge request (docs/pull-requests.md); nil:
    /// every end is committed directly, and a spec asking for a request waits with condition `RequestMerged` False.
    public var pullRequests: PullRequestSettings?

    /// Creates a configuration.
    public init(
        branch: String = "main", paths: [String] = [""], statusLayout: StatusLayout = .besideSpec,
        applyModeOverride: ApplyMode? = nil, allowedNamespaces: Set<String>? = nil,
        identity: CommitIdentity = CommitIdentity(name: "iter8", email: "iter8@localhost"),
        pollIntervalSeconds: Double = 30, pushAttempts: Int = 5, pushBackoffSeconds: Double = 0.2,
        gitApplyTimeoutSeconds: Double = 300
    ) {
        self.branch = branch
        self.paths = paths
        self.statusLayout = statusLayout
        self.applyModeOverride = applyModeOverride
        self.allowedNamespaces = allowedNamespaces
        self.identity = identity
        self.pollIntervalSeconds = pollIntervalSeconds
        self.pushAttempts = pushAttempts
        self.pushBackoffSeconds = pushBackoffSeconds
        self.gitApplyTimeoutSeconds = gitApplyTimeoutSeconds
    }

    /// The apply mode in force for `experiment`.
    public func applyMode(of experiment: Experiment) -> ApplyMode {
        applyModeOverride ?? experiment.promotion.applyMode
    }

    /// Whether `namespace` may be touched.
    public func allows(namespace: String) -> Bool {
        allowedNamespaces.map { $0.contains(namespace) } ?? true
    }
}

/// Who the service's commits are from.
public struct CommitIdentity: Hashable, Sendable {
    /// Name.
    public var name: String
    /// E-mail address.
    public var email: String

    /// Creates an identity.
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}
