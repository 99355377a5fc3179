import Foundation

/// The status document of one experiment: what the service committed to Git about it. It is the
/// checkpoint the service resumes from and the evidence behind every decision (``Replay`` recomputes them).
///
/// Encoded with the keys in declaration order, so identical inputs give identical bytes.
public struct ExperimentStatus: Codable, Hashable, Sendable {
    /// The document format.
    public var apiVersion: String
    /// `ExperimentStatus`.
    public var kind: String
    /// Which experiment this is.
    public var experiment: ExperimentIdentity
    /// The commit of the spec the service last acted on.
    public var specRevision: String?
    /// Spec problems, when the spec at `specRevision` is invalid (`file:line:col: path: message`).
    public var specErrors: [String]?
    /// The seed every iteration's seed is derived from.
    public var seed: UInt64
    /// Progress: phase, conditions, weights, winner, how it ended.
    public var state: ExperimentState
    /// The oldest iterations of a long experiment, folded into a count and a digest (see ``StatusCompaction``).
    public var foldedIterations: FoldedIterations?
    /// Older iterations as compact records, oldest first, chained by their digests (see ``StatusCompaction``).
    public var compactedIterations: [CompactIterationRecord]?
    /// The latest assessed iterations in full, oldest first (every one, until the file is compacted).
    public var iterations: [IterationRecord]
    /// Notifications not yet acknowledged by their channels, oldest first (absent when there are none).
    public var outbox: [OutboxEntry]?

    /// The format this version of the service writes.
    public static let currentAPIVersion = "iter8.tools/status/v1"

    /// Creates a status document.
    public init(
        experiment: ExperimentIdentity, specRevision: String?, specErrors: [String]? = nil, seed: UInt64,
        state: ExperimentState, foldedIterations: FoldedIterations? = nil, compactedIterations: [CompactIterationRecord]? = nil,
        iterations: [IterationRecord] = [], outbox: [OutboxEntry]? = nil
    ) {
        apiVersion = Self.currentAPIVersion
        kind = "ExperimentStatus"
        self.experiment = experiment
        self.specRevision = specRevision
        self.specErrors = specErrors
        self.seed = seed
        self.state = state
        self.foldedIterations = foldedIterations
        self.compactedIterations = compactedIterations
        self.iterations = iterations
        self.outbox = outbox
    }

    /// How many iteration records the document holds, folded, compact and full.
    public var recordedIterationCount: Int {
        // Wrapping: a hand-edited fold count cannot trap here (``StatusCheck`` refuses out-of-range counts).
        (foldedIterations?.count ?? 0) &+ (compactedIterations?.count ?? 0) &+ iterations.count
    }
}

/// Names an experiment and where its spec lives.
public struct ExperimentIdentity: Codable, Hashable, Sendable {
    /// `metadata.name`.
    public var name: String
    /// Namespace.
    public var namespace: String
    /// Target.
    public var target: String
    /// Repository path of the spec file.
    public var specPath: String?

    /// Creates an identity.
    public init(name: String, namespace: String, target: String, specPath: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.target = target
        self.specPath = specPath
    }
}

/// One assessed iteration: the exact queries and their results, the analysis input and output, and the
/// weights before and after.
public struct IterationRecord: Codable, Hashable, Sendable {
    /// 1-based iteration number (a held iteration repeats the number of the next one).
    public var number: Int
    /// When it was assessed.
    public var time: Date
    /// Seconds since the experiment started, as substituted for `${elapsedTime}`.
    public var elapsedSeconds: Int
    /// The split live while the data was collected.
    public var weightsBefore: [String: Int]?
    /// Every query sent, with what came back.
    public var queries: [QueryRecord]
    /// The analysis input, exactly as the engine received it.
    public var input: AnalysisInput
    /// The analysis output.
    public var result: AnalysisResult

    /// Creates a record.
    public init(
        number: Int, time: Date, elapsedSeconds: Int, weightsBefore: [String: Int]?, queries: [QueryRecord],
        input: AnalysisInput, result: AnalysisResult
    ) {
        self.number = number
        self.time = time
        self.elapsedSeconds = elapsedSeconds
        self.weightsBefore = weightsBefore
        self.queries = queries
        self.input = input
        self.result = result
    }
}

/// One PromQL query and its result.
public struct QueryRecord: Codable, Hashable, Sendable {
    /// The version it measured.
    public var version: String
    /// The metric reference.
    public var metric: String
    /// The query's role for the metric's model (`value`, `events`, `trials`, `sum`, `count`, `buckets`).
    public var role: String
    /// The query exactly as sent.
    public var query: String
    /// The value, or nil for no data; for `buckets`, the sum over buckets is not kept here (see the input).
    public var value: Double?

    /// Creates a record.
    public init(version: String, metric: String, role: String, query: String, value: Double?) {
        self.version = version
        self.metric = metric
        self.role = role
        self.query = query
        self.value = value
    }
}
