/// Where an experiment's traffic split is applied.
public enum RoutingSpec: Hashable, Sendable {
    /// No traffic is moved (Conformance, or FixedSplit without routing).
    case none
    /// Each version names the field holding its weight (iter8's `weightObjRef`).
    case weightObjectReferences
    /// Ours: a VirtualService and the name of its HTTP route; versions map to destinations.
    case virtualService(VirtualServiceRoute)
    /// Ours: a Gateway API HTTPRoute and one of its rules; versions map to backendRefs.
    case httpRoute(HTTPRouteRule)
}

/// A named HTTP route of a VirtualService, and how each version appears among its destinations.
public struct VirtualServiceRoute: Hashable, Sendable {
    /// VirtualService name.
    public var name: String
    /// VirtualService namespace.
    public var namespace: String
    /// The HTTP route's `name`; nil means the one HTTP route whose destinations include every version
    /// (more than one such route is an error when the route is located, never a guess).
    public var route: String?
    /// Per version name, its destination; a version not listed is matched by subset = version name.
    public var destinations: [String: Destination]
    /// Request matches (v1alpha2 `trafficControl.match.http`) that select the experiment's traffic.
    public var match: [HTTPMatch]

    /// Creates a route reference.
    public init(
        name: String, namespace: String, route: String?, destinations: [String: Destination] = [:], match: [HTTPMatch] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.route = route
        self.destinations = destinations
        self.match = match
    }

    /// A destination selector.
    public struct Destination: Hashable, Sendable {
        /// Destination host, if it identifies the version.
        public var host: String?
        /// Destination subset, if it identifies the version.
        public var subset: String?

        /// Creates a value from its fields.
        public init(host: String? = nil, subset: String? = nil) {
            self.host = host
            self.subset = subset
        }
    }
}

/// Which analysis engine decides.
public enum AnalysisEngineKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The default: Bayesian models on counts and histograms (DESIGN §5).
    case bayes
    /// iter8 v1's Bayesian algorithm, for translated v1alpha2 files.
    case iter8V1 = "iter8-v1"
}

/// How weights are chosen during a Progressive experiment.
public enum TrafficPolicyKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Most traffic to the version most likely best (a Bayesian bandit).
    case progressive
    /// Traffic shared by the two versions most likely best.
    case top2 = "top_2"
    /// Equal shares.
    case uniform
}

/// `spec.analysis`, with defaults applied.
public struct AnalysisSpec: Hashable, Sendable {
    /// The engine.
    public var engine: AnalysisEngineKind
    /// Probability needed to call an objective passed or failed.
    public var confidence: Double
    /// Probability of being best needed to declare a winner.
    public var winnerProbability: Double
    /// Requests a version needs before its metrics count.
    public var minRequestsPerVersion: Int
    /// Posterior samples per assessment.
    public var samples: Int
    /// Traffic policy for Progressive experiments.
    public var trafficPolicy: TrafficPolicyKind
    /// Share of traffic spread evenly for exploration.
    public var explorationShare: Double
    /// Seconds without data before rolling back.
    public var noDataDeadlineSeconds: Int
    /// Fixed seed, if the spec gives one.
    public var seed: UInt64?
    /// `bayes`: the relative margin around each limit inside which either verdict is acceptable.
    public var tolerance: Double

    /// Defaults: `bayes`, confidence 0.95, winner probability 0.95, 10 requests, 10,000 samples,
    /// progressive, 10% exploration, no-data deadline of ten intervals, tolerance 0.1.
    public static func defaults(intervalSeconds: Int) -> AnalysisSpec {
        AnalysisSpec(
            engine: .bayes, confidence: 0.95, winnerProbability: 0.95, minRequestsPerVersion: 10, samples: 10_000,
            trafficPolicy: .progressive, explorationShare: 0.1, noDataDeadlineSeconds: 10 * intervalSeconds, seed: nil)
    }

    /// Creates a value from its fields.
    public init(engine: AnalysisEngineKind, confidence: Double, winnerProbability: Double, minRequestsPerVersion: Int, samples: Int, trafficPolicy: TrafficPolicyKind, explorationShare: Double, noDataDeadlineSeconds: Int, seed: UInt64? = nil, tolerance: Double = BayesEngine.defaultTolerance) {
        self.tolerance = tolerance
        self.engine = engine
        self.confidence = confidence
        self.winnerProbability = winnerProbability
        self.minRequestsPerVersion = minRequestsPerVersion
        self.samples = samples
        self.trafficPolicy = trafficPolicy
        self.explorationShare = explorationShare
        self.noDataDeadlineSeconds = noDataDeadlineSeconds
        self.seed = seed
    }
}

/// What the experiment does with traffic when it ends.
public enum OnTermination: String, Hashable, Sendable, Codable, CaseIterable {
    /// All traffic to the winner; to the baseline when there is none.
    case toWinner = "to_winner"
    /// All traffic to the baseline.
    case toBaseline = "to_baseline"
    /// Keep the last applied split.
    case keepLast = "keep_last"
}

/// How weight changes reach the cluster.
public enum ApplyMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The service patches the live VirtualService and records the weights in Git.
    case cluster
    /// The service commits the weight change; Argo CD or Flux applies it.
    case git
}

/// `spec.promotion`, with defaults applied.
public struct PromotionSettings: Hashable, Sendable {
    /// End-of-experiment split.
    public var onTermination: OnTermination
    /// How weights reach the cluster.
    public var applyMode: ApplyMode
    /// Repository path of the VirtualService manifest, when the spec names it.
    public var manifest: String?
    /// Which ends wait for a merged pull/merge request (`promotion.pullRequest`); nil: the service's default.
    public var pullRequest: ReviewPolicy?

    /// Creates a value from its fields.
    public init(onTermination: OnTermination, applyMode: ApplyMode, manifest: String? = nil, pullRequest: ReviewPolicy? = nil) {
        self.onTermination = onTermination
        self.applyMode = applyMode
        self.manifest = manifest
        self.pullRequest = pullRequest
    }
}

/// A human's instruction to a running experiment.
public struct ManualOverride: Hashable, Sendable {
    /// What to do.
    public var action: Action
    /// For terminate: final weights by version (versions not named get 0); nil means "to the baseline".
    public var trafficSplit: [String: Int]?

    /// The instruction.
    public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        /// Stop iterating and hold the current weights.
        case pause
        /// Continue after a pause.
        case resume
        /// End now, with `trafficSplit` or to the baseline.
        case terminate
    }

    /// Creates a value from its fields.
    public init(action: Action, trafficSplit: [String: Int]? = nil) {
        self.action = action
        self.trafficSplit = trafficSplit
    }
}
