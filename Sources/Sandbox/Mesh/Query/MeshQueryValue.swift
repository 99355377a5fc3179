/// The result of a query against the mesh's history: Prometheus' `scalar` or instant `vector`.
public enum MeshQueryValue: Sendable, Hashable {
    /// A number.
    case scalar(Double)
    /// One sample per series; empty when nothing matched (*no data*).
    case vector([MeshQuerySample])
}

/// One element of an instant vector.
public struct MeshQuerySample: Sendable, Hashable {
    /// The series' labels (`__name__` only when the query keeps the metric name, as in Prometheus).
    public var labels: [String: String]
    /// The value (NaN and ±Inf possible, e.g. after a division by zero).
    public var value: Double

    /// Creates a sample.
    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}
