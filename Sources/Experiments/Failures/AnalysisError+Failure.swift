extension AnalysisError: ExternalFailureConvertible {
    /// An analysis failure: the measurements (or the spec's settings) do not make an assessment. Not transient for
    /// a bad setting; an implausible observation may be a broken answer of the backend that the next query corrects.
    public var externalFailure: ExternalFailure {
        ExternalFailure(system: .analysis, transient: code == .implausibleObservation, message: description)
    }
}
