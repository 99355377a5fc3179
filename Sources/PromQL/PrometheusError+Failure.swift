import Experiments

extension PrometheusError: ExternalFailureConvertible {
    /// A metrics-backend failure: transient when it could not be reached, failed running the query, or answered
    /// 5xx / 429; a bad query, template or result shape, or a 4xx (credentials, a wrong path), needs a change.
    public var externalFailure: ExternalFailure {
        let overloaded = code == .httpStatus && (httpStatus.map { $0 >= 500 || $0 == 429 } ?? true)
        let transient = code == .unreachable || code == .queryFailed || code == .badResponse || overloaded
        return ExternalFailure(system: .prometheus, transient: transient, message: description)
    }
}
