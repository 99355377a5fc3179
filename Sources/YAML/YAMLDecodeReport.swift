/// The outcome of one decode with every problem found: the first decoding error plus all unknown fields.
public struct YAMLDecodeReport<Value> {
    /// The decoded value; nil when decoding threw (unknown fields alone leave it set).
    public var value: Value?
    /// Problems that make the decode fail: the decoding error (first), then unknown fields under `.error`.
    public var errors: [YAMLError]
    /// Unknown fields under `.warning`.
    public var warnings: [YAMLError]

    /// Creates a report.
    public init(value: Value?, errors: [YAMLError], warnings: [YAMLError]) {
        self.value = value
        self.errors = errors
        self.warnings = warnings
    }

    /// Errors, then warnings.
    public var problems: [YAMLError] { errors + warnings }

    /// The value, or the first error.
    public func get() throws -> Value {
        if let first = errors.first { throw first }
        guard let value else { throw YAMLError(code: .invalidValue, message: "no value was decoded") }
        return value
    }
}

extension YAMLDecodeReport: Sendable where Value: Sendable {}
