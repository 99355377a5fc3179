/// A validated experiment with every default applied: what the state machine and the analysis act on.
///
/// Made from an `iter8.tools/v2alpha2` file by ``ExperimentValidator`` or from a `v1alpha2` file by
/// ``V1Alpha2Translator``; it never holds an unvalidated value.
public struct Experiment: Hashable, Sendable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`, or the target's namespace.
    public var namespace: String
    /// The thing under test; one running experiment per target.
    public var target: String
    /// The file's `apiVersion`, kept to explain defaults (v1alpha2 files default to the `iter8-v1` engine).
    public var sourceAPIVersion: String
    /// How the winner is chosen.
    public var testingPattern: TestingPattern
    /// How traffic moves during the experiment.
    public var deploymentPattern: DeploymentPattern
    /// The version in production now.
    public var baseline: VersionSpec
    /// The versions under test, in spec order.
    public var candidates: [VersionSpec]
    /// Objectives, reward and indicators.
    public var criteria: CriteriaSpec
    /// Iteration schedule.
    public var duration: DurationSpec
    /// Candidate weight caps.
    public var weightCaps: CandidateWeightCaps
    /// Where the split is applied.
    public var routing: RoutingSpec
    /// Analysis settings.
    public var analysis: AnalysisSpec
    /// End-of-experiment behaviour and apply mode.
    public var promotion: PromotionSettings
    /// A human's pause, resume or terminate, if the spec carries one.
    public var manualOverride: ManualOverride?
    /// iter8 task actions by name, as written.
    public var actionNames: [String]
    /// The `notification/slack` and `notification/http` tasks of `start` and `finish` that the service runs, `start`
    /// first, each in spec order.
    public var notificationTasks: [NotificationTask]

    /// Baseline first, then candidates.
    public var versions: [VersionSpec] { [baseline] + candidates }

    /// Iterations in the whole experiment: `iterationsPerLoop × maxLoops`.
    public var totalIterations: Int { duration.iterationsPerLoop * duration.maxLoops }

    /// Creates a value from its fields.
    public init(name: String, namespace: String, target: String, sourceAPIVersion: String, testingPattern: TestingPattern, deploymentPattern: DeploymentPattern, baseline: VersionSpec, candidates: [VersionSpec], criteria: CriteriaSpec, duration: DurationSpec, weightCaps: CandidateWeightCaps, routing: RoutingSpec, analysis: AnalysisSpec, promotion: PromotionSettings, manualOverride: ManualOverride? = nil, actionNames: [String], notificationTasks: [NotificationTask] = []) {
        self.name = name
        self.namespace = namespace
        self.target = target
        self.sourceAPIVersion = sourceAPIVersion
        self.testingPattern = testingPattern
        self.deploymentPattern = deploymentPattern
        self.baseline = baseline
        self.candidates = candidates
        self.criteria = criteria
        self.duration = duration
        self.weightCaps = weightCaps
        self.routing = routing
        self.analysis = analysis
        self.promotion = promotion
        self.manualOverride = manualOverride
        self.actionNames = actionNames
        self.notificationTasks = notificationTasks
    }
}

/// iter8's deployment patterns.
public enum DeploymentPattern: String, Hashable, Sendable, Codable, CaseIterable {
    /// Traffic moves a step each iteration, by the traffic policy and the caps.
    case progressive = "Progressive"
    /// Traffic stays as it is during the experiment; only the end changes it.
    case fixedSplit = "FixedSplit"
    /// All traffic moves to the candidate at once when it passes; rollback on any failure.
    case blueGreen = "BlueGreen"
}

/// One version of the target.
public struct VersionSpec: Hashable, Sendable {
    /// The version's name, unique in the experiment.
    public var name: String
    /// Metric query variables (`$namespace`, …), in spec order.
    public var variables: [Variable]
    /// iter8's `weightObjRef`, when the spec routes by field path.
    public var weightObjRef: WeightObjectReference?

    /// A metric query variable.
    public struct Variable: Hashable, Sendable {
        /// Placeholder name.
        public var name: String
        /// Value substituted for it.
        public var value: String

        /// Creates a variable.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a value from its fields.
    public init(name: String, variables: [Variable], weightObjRef: WeightObjectReference? = nil) {
        self.name = name
        self.variables = variables
        self.weightObjRef = weightObjRef
    }
}

/// A parsed `weightObjRef`: the object and the field that holds a version's weight.
public struct WeightObjectReference: Hashable, Sendable {
    /// e.g. `networking.istio.io/v1beta1`.
    public var apiVersion: String
    /// e.g. `VirtualService`.
    public var kind: String
    /// Object name.
    public var name: String
    /// Object namespace.
    public var namespace: String
    /// The field path as written, e.g. `.spec.http[0].route[1].weight`.
    public var fieldPath: String
    /// The same path parsed (without the leading `.`).
    public var path: FieldPath

    /// Creates a value from its fields.
    public init(apiVersion: String, kind: String, name: String, namespace: String, fieldPath: String, path: FieldPath) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.fieldPath = fieldPath
        self.path = path
    }
}

/// A metric named by a spec: `name` or `namespace/name`.
public struct MetricReference: Hashable, Sendable, CustomStringConvertible {
    /// Metric namespace, if given.
    public var namespace: String?
    /// Metric name.
    public var name: String

    /// Parses `name` or `namespace/name`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy(Self.isName) else { return nil }
        namespace = parts.count == 2 ? parts[0] : nil
        name = parts[parts.count - 1]
    }

    /// `namespace/name` or `name`.
    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// A Kubernetes object name: lower-case alphanumerics, `-` and `.`, starting and ending alphanumeric.
    static func isName(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, text.count <= 253 else { return false }
        let allowed = text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
        return allowed && (first.isLowercase || first.isNumber) && (last.isLowercase || last.isNumber)
    }
}

/// `spec.criteria`, validated.
public struct CriteriaSpec: Hashable, Sendable {
    /// Metric counting requests.
    public var requestCount: MetricReference?
    /// Limits every version must meet, in spec order.
    public var objectives: [ObjectiveSpec]
    /// The reward, if any.
    public var reward: RewardSpec?
    /// Metrics measured and reported only.
    public var indicators: [MetricReference]

    /// Creates a value from its fields.
    public init(requestCount: MetricReference? = nil, objectives: [ObjectiveSpec], reward: RewardSpec? = nil, indicators: [MetricReference]) {
        self.requestCount = requestCount
        self.objectives = objectives
        self.reward = reward
        self.indicators = indicators
    }
}

/// One objective.
public struct ObjectiveSpec: Hashable, Sendable {
    /// The metric.
    public var metric: MetricReference
    /// Upper limit, if any.
    public var upperLimit: Quantity?
    /// Lower limit, if any.
    public var lowerLimit: Quantity?
    /// Whether a version failing this objective rolls the experiment back at once.
    public var rollbackOnFailure: Bool
    /// v1alpha2 relative thresholds: the limit is this factor times the baseline's value.
    public var relativeToBaseline: Bool

    /// Creates a value from its fields.
    public init(metric: MetricReference, upperLimit: Quantity? = nil, lowerLimit: Quantity? = nil, rollbackOnFailure: Bool, relativeToBaseline: Bool) {
        self.metric = metric
        self.upperLimit = upperLimit
        self.lowerLimit = lowerLimit
        self.rollbackOnFailure = rollbackOnFailure
        self.relativeToBaseline = relativeToBaseline
    }
}

/// The reward.
public struct RewardSpec: Hashable, Sendable {
    /// The metric.
    public var metric: MetricReference
    /// Whether higher values are better.
    public var preferredDirection: Reward.Direction

    /// Creates a value from its fields.
    public init(metric: MetricReference, preferredDirection: Reward.Direction) {
        self.metric = metric
        self.preferredDirection = preferredDirection
    }
}

/// `spec.duration.mode`: whether the experiment's length follows the evidence.
public enum DurationMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The default with `bayes`: a decisive verdict ends the experiment early (a failure at once, a pass after
    /// `minIterations`), an inconclusive one extends it up to `maxIterations`, then it ends inconclusive.
    case adaptive
    /// iter8 v2's meaning: exactly `iterationsPerLoop × maxLoops` iterations, decided on the last one (always
    /// with `iter8-v1`).
    case fixed
}

/// `spec.duration`, validated.
public struct DurationSpec: Hashable, Sendable {
    /// Seconds between iterations.
    public var intervalSeconds: Int
    /// Iterations per loop.
    public var iterationsPerLoop: Int
    /// Loops.
    public var maxLoops: Int
    /// Fixed or adaptive length.
    public var mode: DurationMode
    /// Adaptive: iterations before a passing candidate may be promoted (at most the planned iterations).
    public var minIterations: Int
    /// Adaptive: the most iterations while the evidence stays inconclusive (at least the planned iterations).
    public var maxIterations: Int

    /// The planned iterations: `iterationsPerLoop × maxLoops`.
    public var plannedIterations: Int { iterationsPerLoop * maxLoops }

    /// Creates a value from its fields; without a mode, a fixed duration of `iterationsPerLoop × maxLoops`.
    public init(
        intervalSeconds: Int, iterationsPerLoop: Int, maxLoops: Int, mode: DurationMode = .fixed,
        minIterations: Int? = nil, maxIterations: Int? = nil
    ) {
        self.intervalSeconds = intervalSeconds
        self.iterationsPerLoop = iterationsPerLoop
        self.maxLoops = maxLoops
        self.mode = mode
        let planned = iterationsPerLoop * maxLoops
        self.minIterations = minIterations ?? planned
        self.maxIterations = maxIterations ?? planned
    }
}

/// Caps on candidate weights, in percent.
public struct CandidateWeightCaps: Hashable, Sendable {
    /// Highest weight any one candidate may get.
    public var maxCandidateWeight: Int
    /// Largest increase of one candidate's weight in one iteration.
    public var maxCandidateWeightIncrement: Int

    /// Creates a value from its fields.
    public init(maxCandidateWeight: Int, maxCandidateWeightIncrement: Int) {
        self.maxCandidateWeight = maxCandidateWeight
        self.maxCandidateWeightIncrement = maxCandidateWeightIncrement
    }
}
