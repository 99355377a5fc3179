/// An `iter8.tools/v2alpha2` Experiment file exactly as iter8 users write it, plus our extension fields.
///
/// This is the raw shape: enums are kept as strings and every field is optional, so that validation
/// (``ExperimentValidator``) can report every problem at once with its field path instead of stopping at
/// the first one. Decoding fails only on wrong types (for example text where a number belongs).
public struct ExperimentDocument: Codable, Hashable, Sendable {
    /// `iter8.tools/v2alpha2` (or `iter8.tools/v1alpha2`, which ``V1Alpha2Document`` reads instead).
    public var apiVersion: String?
    /// `Experiment`.
    public var kind: String?
    /// Name and namespace.
    public var metadata: ObjectMeta?
    /// The experiment.
    public var spec: Spec?

    /// Kubernetes object metadata: the parts a spec file carries.
    public struct ObjectMeta: Codable, Hashable, Sendable {
        /// Object name; the experiment's name.
        public var name: String?
        /// Namespace; defaults to the namespace of the target.
        public var namespace: String?
        /// Labels, kept as written.
        public var labels: [String: String]?
        /// Annotations, kept as written.
        public var annotations: [String: String]?
    }

    /// `spec`: iter8's fields, then ours (`routing`, `analysis`, `promotion`, `manualOverride`).
    public struct Spec: Codable, Hashable, Sendable {
        /// The thing under test, e.g. `bookinfo/reviews`; experiments with the same target run one at a time.
        public var target: String?
        /// Testing pattern, deployment pattern and weight caps.
        public var strategy: Strategy?
        /// Request count, objectives, rewards and indicators.
        public var criteria: Criteria?
        /// Iteration interval and counts.
        public var duration: Duration?
        /// Baseline and candidate versions.
        public var versionInfo: VersionInfo?
        /// Ours: route the versions by VirtualService and HTTP route name instead of `weightObjRef`.
        public var routing: Routing?
        /// Ours: analysis engine and its settings.
        public var analysis: Analysis?
        /// Ours: what happens at the end and how weights reach the cluster.
        public var promotion: Promotion?
        /// Pause, resume or terminate a running experiment through a commit (iter8 v1alpha2's meaning).
        public var manualOverride: ManualOverride?
    }

    /// `spec.strategy`.
    public struct Strategy: Codable, Hashable, Sendable {
        /// `Canary`, `A/B`, `A/B/N` or `Conformance`.
        public var testingPattern: String?
        /// `Progressive` (default), `FixedSplit` or `BlueGreen`.
        public var deploymentPattern: String?
        /// Caps on candidate weights.
        public var weights: Weights?
        /// iter8 task actions (`start`, `loop`, `finish`): `notification/slack` and `notification/http` tasks of
        /// `start` and `finish` are run (``NotificationTask``); every other task is a warning that says it is not.
        public var actions: [String: [Task]]?
    }

    /// `spec.strategy.weights`.
    public struct Weights: Codable, Hashable, Sendable {
        /// Highest weight any one candidate may get, 0–100 (default 100).
        public var maxCandidateWeight: Int?
        /// Largest increase of a candidate's weight in one iteration, 0–100 (default 10).
        public var maxCandidateWeightIncrement: Int?
    }

    /// One iter8 task: exactly one of `task` or `run`.
    public struct Task: Codable, Hashable, Sendable {
        /// A library task name such as `notification/slack`.
        public var task: String?
        /// A shell command.
        public var run: String?
        /// A condition expression.
        public var `if`: String?
        /// Task inputs: text, lists and mappings as written (``TaskValue``).
        public var with: [String: TaskValue]?
    }

    /// `spec.criteria`.
    public struct Criteria: Codable, Hashable, Sendable {
        /// Metric used to count requests (reported only).
        public var requestCount: String?
        /// Limits every version must meet.
        public var objectives: [Objective]?
        /// The metric to maximise or minimise (exactly one for A/B and A/B/N).
        public var rewards: [Reward]?
        /// Metrics measured and reported only.
        public var indicators: [String]?
        /// Reserved by iter8 and unused.
        public var strength: String?
    }

    /// One objective: a metric and its limits.
    public struct Objective: Codable, Hashable, Sendable {
        /// Metric reference: `name` or `namespace/name`.
        public var metric: String?
        /// The metric must be at most this.
        public var upperLimit: Quantity?
        /// The metric must be at least this.
        public var lowerLimit: Quantity?
        /// Roll back as soon as a version fails this objective (default false; true for BlueGreen).
        public var rollback_on_failure: Bool?
    }

    /// One reward.
    public struct Reward: Codable, Hashable, Sendable {
        /// Metric reference.
        public var metric: String?
        /// `High` or `Low`.
        public var preferredDirection: String?
    }

    /// `spec.duration`.
    public struct Duration: Codable, Hashable, Sendable {
        /// Seconds between iterations, at least 1 (default 20).
        public var intervalSeconds: Int?
        /// Iterations per loop, at least 1 (default 15).
        public var iterationsPerLoop: Int?
        /// Loops, at least 1 (default 1).
        public var maxLoops: Int?
        /// Ours: `adaptive` (default with `bayes`: end early on a decisive verdict, extend while inconclusive) or
        /// `fixed` (iter8 v2's meaning: exactly `iterationsPerLoop × maxLoops` iterations; always with `iter8-v1`).
        public var mode: String?
        /// Ours, `adaptive` only: iterations before a passing candidate may be promoted early (default 3, at most
        /// the planned iterations).
        public var minIterations: Int?
        /// Ours, `adaptive` only: the iterations an experiment may extend to while the evidence is inconclusive
        /// (default five times the planned iterations, at most 10,000).
        public var maxIterations: Int?
    }

    /// `spec.versionInfo`.
    public struct VersionInfo: Codable, Hashable, Sendable {
        /// The version in production now.
        public var baseline: Version?
        /// The versions under test.
        public var candidates: [Version]?
    }

    /// One version.
    public struct Version: Codable, Hashable, Sendable {
        /// The version's name, unique in the experiment; also `$name` in metric queries.
        public var name: String?
        /// Values for metric query placeholders, e.g. `namespace`.
        public var variables: [NamedValue]?
        /// Where this version's weight lives (iter8 compatibility).
        public var weightObjRef: ObjectReference?
    }

    /// A `{name, value}` pair.
    public struct NamedValue: Codable, Hashable, Sendable {
        /// Variable name.
        public var name: String?
        /// Variable value.
        public var value: String?
    }

    /// A Kubernetes object reference with a field path, as iter8's `weightObjRef`.
    public struct ObjectReference: Codable, Hashable, Sendable {
        /// e.g. `networking.istio.io/v1beta1`.
        public var apiVersion: String?
        /// e.g. `VirtualService`.
        public var kind: String?
        /// Object name.
        public var name: String?
        /// Object namespace.
        public var namespace: String?
        /// e.g. `.spec.http[0].route[1].weight`.
        public var fieldPath: String?
    }

    /// Ours: `spec.routing`, the preferred way to say where traffic is split.
    public struct Routing: Codable, Hashable, Sendable {
        /// The VirtualService that routes the target.
        public var virtualService: NamespacedName?
        /// The `name` of the HTTP route inside it whose destinations are the versions.
        public var route: String?
        /// Per version, the destination `subset` or `host` when it differs from the version name.
        public var destinations: [String: Destination]?
        /// The Gateway API HTTPRoute that routes the target (instead of a VirtualService).
        public var httpRoute: NamespacedName?
        /// The `name` of the HTTPRoute rule whose backendRefs are the versions.
        public var rule: String?
        /// The index of that rule in `spec.rules` (instead of its name).
        public var ruleIndex: Int?
        /// Per version, the backendRef when it is not the Service named after the version.
        public var backendRefs: [String: BackendReference]?
    }

    /// Ours: how a version appears among an HTTPRoute rule's backendRefs.
    public struct BackendReference: Codable, Hashable, Sendable {
        /// The Service's name.
        public var name: String?
        /// Its namespace, when the backendRef gives one.
        public var namespace: String?
        /// Its port, when two backendRefs name the same Service.
        public var port: Int?
    }

    /// A name and optional namespace.
    public struct NamespacedName: Codable, Hashable, Sendable {
        /// Object name.
        public var name: String?
        /// Namespace (default: the experiment's).
        public var namespace: String?
    }

    /// Ours: how a version appears as a route destination.
    public struct Destination: Codable, Hashable, Sendable {
        /// Destination host (default: the route's host shared by all versions).
        public var host: String?
        /// Destination subset.
        public var subset: String?
    }

    /// Ours: `spec.analysis`.
    public struct Analysis: Codable, Hashable, Sendable {
        /// `bayes` (default for v2alpha2) or `iter8-v1` (default for translated v1alpha2 files).
        public var engine: String?
        /// Probability needed to call an objective passed or failed (default 0.95).
        public var confidence: Double?
        /// Probability of being best needed to declare a winner.
        public var winnerProbability: Double?
        /// Requests a version needs before its metrics count (default 10).
        public var minRequestsPerVersion: Int?
        /// Posterior samples per assessment (default 10,000).
        public var samples: Int?
        /// Traffic policy: `progressive` (default), `top_2` or `uniform`.
        public var trafficPolicy: String?
        /// Share of traffic spread evenly for exploration, 0–1 (default 0.1).
        public var explorationShare: Double?
        /// Seconds the experiment may go without data before it rolls back (default: 10 intervals).
        public var noDataDeadlineSeconds: Int?
        /// Seed for the random draws (default: derived from the experiment name and spec commit).
        public var seed: UInt64?
        /// Ours, `bayes` only: the relative margin around each objective's limit inside which either verdict is
        /// acceptable, 0–0.5 (default 0.1). It sets how much evidence a decision needs, never which side of the
        /// limit wins.
        public var tolerance: Double?
    }

    /// Ours: `spec.promotion`.
    public struct Promotion: Codable, Hashable, Sendable {
        /// `to_winner` (default), `to_baseline` or `keep_last`.
        public var onTermination: String?
        /// `cluster` (default: patch the live VirtualService) or `git` (commit, wait for Argo CD/Flux).
        public var applyMode: String?
        /// Repository path of the VirtualService manifest to rewrite (default: found by kind, name, namespace).
        public var manifest: String?
        /// Which ends wait for a merged pull/merge request: `never`, `promotions`, `rollbacks` or `always`
        /// (default: the service's `--pull-requests`).
        public var pullRequest: String?
    }

    /// `spec.manualOverride`: a human's instruction, given by committing a change to the spec.
    public struct ManualOverride: Codable, Hashable, Sendable {
        /// `pause`, `resume` or `terminate`.
        public var action: String?
        /// For `terminate`: the final weights by version name (versions not named get 0).
        public var trafficSplit: [String: Int]?
    }
}
