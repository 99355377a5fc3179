/// A failed call to a system outside the service, classified by how the loop reacts to it: which system, and
/// whether retrying later may succeed (`transient`: unreachable, overloaded, a conflict) or not (the object or the
/// query is wrong: it needs a new commit or a human). Built from the typed errors of the adapters
/// (``ExternalFailureConvertible``), never from their message text.
public struct ExternalFailure: Hashable, Sendable, CustomStringConvertible {
    /// The system that failed.
    public enum System: String, Hashable, Sendable, CaseIterable {
        /// The Kubernetes API server, or an object read from it (a routed object, a Deployment).
        case kubernetes
        /// The metrics backend (Prometheus, or whatever measures the versions).
        case prometheus
        /// The Git remote.
        case git
        /// The analysis engine (the measurements do not make an assessment).
        case analysis
    }

    /// Which system.
    public var system: System
    /// Whether a retry may succeed without a change to the spec or the cluster's objects.
    public var transient: Bool
    /// The error as the adapter describes it (recorded as is in the status).
    public var message: String

    /// Creates a failure.
    public init(system: System, transient: Bool, message: String) {
        self.system = system
        self.transient = transient
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Classifies `error`: by its own classification when it has one, else as a transient failure of `system` (the
    /// system that was called; an error without a type of its own is not known to be permanent).
    public static func of(_ error: any Error, calling system: System) -> ExternalFailure {
        if let classified = error as? any ExternalFailureConvertible { return classified.externalFailure }
        return ExternalFailure(system: system, transient: true, message: "\(error)")
    }
}

/// An error that says which external system failed and whether retrying may help.
public protocol ExternalFailureConvertible: Error {
    /// The classification; its message is the error's description.
    var externalFailure: ExternalFailure { get }
}
