import Experiments

extension GatewayAPIError: ExternalFailureConvertible {
    /// A failure on the HTTPRoute: transient when the Kubernetes call failed or the write was not seen on read-back;
    /// a route without the rule or backendRefs the spec names needs a change.
    public var externalFailure: ExternalFailure {
        ExternalFailure(
            system: .kubernetes, transient: code == .kubernetes || code == .verificationFailed, message: description)
    }
}
