/// An `iter8.tools/v1alpha2` Experiment file as iter8 v1 users wrote it. ``V1Alpha2Translator`` turns it
/// into an ``Experiment``.
public struct V1Alpha2Document: Codable, Hashable, Sendable {
    /// `iter8.tools/v1alpha2`.
    public var apiVersion: String?
    /// `Experiment`.
    public var kind: String?
    /// Name and namespace.
    public var metadata: ExperimentDocument.ObjectMeta?
    /// The experiment.
    public var spec: Spec?

    /// `spec`.
    public struct Spec: Codable, Hashable, Sendable {
        /// The service and its versions.
        public var service: Service?
        /// Criteria: metric, threshold, reward.
        public var criteria: [Criterion]?
        /// Interval and iteration count.
        public var duration: Duration?
        /// Strategy, increment, termination, match.
        public var trafficControl: TrafficControl?
        /// Router id and external hosts (iter8 owned the routing rules; here they are informational).
        public var networking: Networking?
        /// Pause, resume, terminate.
        public var manualOverride: ExperimentDocument.ManualOverride?
        /// Delete versions left at 0% (not supported: reported as a warning).
        public var cleanup: Bool?
        /// iter8 analytics URL (not used: the analysis is built in).
        public var analyticsEndpoint: String?
    }

    /// `spec.service`.
    public struct Service: Codable, Hashable, Sendable {
        /// `Deployment` (default) or `Service`.
        public var kind: String?
        /// `apps/v1`, `v1` or empty.
        public var apiVersion: String?
        /// The Service fronting the versions.
        public var name: String?
        /// Namespace of the service and versions.
        public var namespace: String?
        /// Baseline Deployment (or Service) name.
        public var baseline: String?
        /// Candidate names.
        public var candidates: [String]?
        /// Service port.
        public var port: Int?
    }

    /// One criterion.
    public struct Criterion: Codable, Hashable, Sendable {
        /// Metric name, e.g. `iter8_mean_latency`.
        public var metric: String?
        /// Threshold.
        public var threshold: Threshold?
        /// Whether this metric is the reward.
        public var isReward: Bool?
    }

    /// A threshold.
    public struct Threshold: Codable, Hashable, Sendable {
        /// `absolute` or `relative`.
        public var type: String?
        /// The limit, or the factor of the baseline's value.
        public var value: Double?
        /// Declared by iter8 and unused.
        public var cutoffTrafficOnViolation: Bool?
    }

    /// `spec.duration`.
    public struct Duration: Codable, Hashable, Sendable {
        /// Go duration per iteration, e.g. `30s` (default).
        public var interval: String?
        /// Iterations (default 100).
        public var maxIterations: Int?
    }

    /// `spec.trafficControl`.
    public struct TrafficControl: Codable, Hashable, Sendable {
        /// `progressive` (default), `top_2` or `uniform`.
        public var strategy: String?
        /// Largest increase of a candidate's weight per iteration (default 2).
        public var maxIncrement: Int?
        /// `to_winner` (default), `to_baseline` or `keep_last`.
        public var onTermination: String?
        /// Request matches for the experiment's traffic.
        public var match: Match?
        /// Declared by iter8 and unused.
        public var percentage: Int?
        /// Declared by iter8 and unused.
        public var routerID: String?
    }

    /// `trafficControl.match`.
    public struct Match: Codable, Hashable, Sendable {
        /// HTTP matches.
        public var http: [HTTPMatch]?
    }

    /// `spec.networking`.
    public struct Networking: Codable, Hashable, Sendable {
        /// Router id.
        public var id: String?
        /// External hosts and gateways.
        public var hosts: [Host]?
    }

    /// An external host.
    public struct Host: Codable, Hashable, Sendable {
        /// Host name.
        public var name: String?
        /// Gateway.
        public var gateway: String?
    }
}
