/// The `data` of a successful instant query.
public enum QueryResult: Hashable, Sendable {
    /// An instant vector: one sample per series (possibly none).
    case vector([Sample])
    /// A scalar.
    case scalar(Double)
    /// A string literal result.
    case string(String)
}

/// One series of an instant vector: its labels and value at the evaluation time.
public struct Sample: Hashable, Sendable {
    /// The series' labels (including `__name__` when the query keeps it).
    public var labels: [String: String]
    /// The value (Prometheus sends it as a string; `NaN`, `+Inf` and `-Inf` included).
    public var value: Double
    /// The evaluation time, in seconds since 1970.
    public var timestamp: Double

    /// Creates a sample.
    public init(labels: [String: String], value: Double, timestamp: Double) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }

    /// `{a="1",b="2"}`: the labels in sorted order, for messages.
    public var labelText: String {
        "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
