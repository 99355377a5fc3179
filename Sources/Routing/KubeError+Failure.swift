import Experiments
import Kubernetes

extension KubeError: ExternalFailureConvertible {
    /// A Kubernetes failure: transient when the server could not be reached, was overloaded or raced another writer
    /// (`unavailable`, `conflict`); a missing, invalid or forbidden object, or bad credentials, needs a change.
    public var externalFailure: ExternalFailure {
        ExternalFailure(system: .kubernetes, transient: code == .unavailable || code == .conflict, message: description)
    }
}
