import Experiments

extension IstioError: ExternalFailureConvertible {
    /// A failure on the VirtualService or its DestinationRules: transient when the Kubernetes call failed or the
    /// write was not seen on read-back (`kubernetes`, `verificationFailed`); an object that does not have the
    /// routes, subsets or weights the spec names needs a change.
    public var externalFailure: ExternalFailure {
        ExternalFailure(
            system: .kubernetes, transient: code == .kubernetes || code == .verificationFailed, message: description)
    }
}
