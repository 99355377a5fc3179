import Experiments

extension RoutingError: ExternalFailureConvertible {
    /// The experiment's routing cannot be handled (no routing, no plug-in for its kind): never transient.
    public var externalFailure: ExternalFailure {
        ExternalFailure(system: .kubernetes, transient: false, message: description)
    }
}
