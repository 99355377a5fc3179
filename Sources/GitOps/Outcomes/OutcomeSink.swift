/// Where the reconciler sends the outcomes of each pass once they are pushed (Kubernetes Events, chat, webhooks
/// subscribe here). Called once per pass that pushed outcomes, in order, after the push; a sink that is slow holds
/// up the next pass, so a sink that does network I/O queues the outcomes and sends them on its own task.
public protocol OutcomeSink: Sendable {
    /// Receives the outcomes of one pass, oldest first per experiment.
    func deliver(_ outcomes: [ExperimentOutcome]) async
}

/// The default sink: nobody listens.
public struct NoOutcomeSink: OutcomeSink {
    /// Creates the sink.
    public init() {}

    /// Does nothing.
    public func deliver(_ outcomes: [ExperimentOutcome]) async {}
}
