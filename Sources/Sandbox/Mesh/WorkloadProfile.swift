import Foundation
import Kubernetes

/// How a simulated workload behaves, read from annotations on its Deployment (`metadata.annotations`).
///
/// | Annotation | Meaning | Default |
/// |---|---|---|
/// | `sandbox.iter8.tools/latency-ms` | mean request latency in ms (log-normal) | `50` |
/// | `sandbox.iter8.tools/latency-sigma` | log-normal shape σ (spread of ln latency) | `0.5` |
/// | `sandbox.iter8.tools/error-rate` | fraction of requests answered 500 | `0` |
/// | `sandbox.iter8.tools/reward-per-request` | expected business events per successful request | `0` |
/// | `sandbox.iter8.tools/reward-metric` | name of the business counter | `books_purchased_total` |
///
/// Values that do not parse, or are out of range (negative latency, rate outside 0…1), fall back to the default.
public struct WorkloadProfile: Sendable, Hashable {
    /// The annotation prefix.
    public static let prefix = "sandbox.iter8.tools/"
    /// Annotation for the mean latency in milliseconds.
    public static let latencyAnnotation = prefix + "latency-ms"
    /// Annotation for the log-normal σ.
    public static let sigmaAnnotation = prefix + "latency-sigma"
    /// Annotation for the fraction of 500 responses.
    public static let errorRateAnnotation = prefix + "error-rate"
    /// Annotation for the business events per successful request.
    public static let rewardAnnotation = prefix + "reward-per-request"
    /// Annotation for the business counter's name.
    public static let rewardMetricAnnotation = prefix + "reward-metric"

    /// Mean latency in milliseconds.
    public var meanLatencyMilliseconds: Double
    /// σ of ln(latency).
    public var latencySigma: Double
    /// Fraction of requests answered with 500.
    public var errorRate: Double
    /// Expected business events per successful request.
    public var rewardPerRequest: Double
    /// The business counter's name.
    public var rewardMetric: String

    /// Creates a profile.
    public init(
        meanLatencyMilliseconds: Double = 50, latencySigma: Double = 0.5, errorRate: Double = 0,
        rewardPerRequest: Double = 0, rewardMetric: String = "books_purchased_total"
    ) {
        self.meanLatencyMilliseconds = meanLatencyMilliseconds
        self.latencySigma = latencySigma
        self.errorRate = errorRate
        self.rewardPerRequest = rewardPerRequest
        self.rewardMetric = rewardMetric
    }

    /// The profile configured by `deployment`'s annotations, defaults elsewhere.
    public init(deployment: JSONValue) {
        self.init()
        let annotations = deployment["metadata"]?["annotations"]?.objectValue ?? [:]
        func number(_ key: String, _ valid: (Double) -> Bool) -> Double? {
            guard let value = annotations[key] else { return nil }
            let parsed = value.doubleValue ?? value.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return parsed.flatMap { valid($0) && $0.isFinite ? $0 : nil }
        }
        if let value = number(Self.latencyAnnotation, { $0 > 0 }) { meanLatencyMilliseconds = value }
        if let value = number(Self.sigmaAnnotation, { $0 >= 0 && $0 <= 5 }) { latencySigma = value }
        if let value = number(Self.errorRateAnnotation, { (0...1).contains($0) }) { errorRate = value }
        if let value = number(Self.rewardAnnotation, { $0 >= 0 }) { rewardPerRequest = value }
        if let name = annotations[Self.rewardMetricAnnotation]?.stringValue, Self.isMetricName(name) {
            rewardMetric = name
        }
    }

    /// Whether `name` is a valid Prometheus metric name.
    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == ":"
        }
    }
}
