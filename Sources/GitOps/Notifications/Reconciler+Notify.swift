extension Reconciler {
    /// After a pass that published (pushed, or had nothing to push): the notifier sends the pending entries of the
    /// status files as they now stand on the branch. Bounded by the notifier's budget; never fails the pass.
    func notify(_ steps: [ExperimentStep], outcomes: [ExperimentOutcome]) async {
        guard let notifier else { return }
        let pending = steps.compactMap { step -> Notifier.Pending? in
            guard step.publishes, step.stepFailures.isEmpty, let entries = step.status.outbox, !entries.isEmpty else { return nil }
            return Notifier.Pending(
                experiment: step.key, reportPath: reports == nil ? nil : step.files.report, entries: entries,
                routedObject: step.machine?.experiment.routedObject, tasks: step.machine?.experiment.notificationTasks)
        }
        guard !pending.isEmpty || !outcomes.isEmpty else { return }
        await notifier.deliver(pending, outcomes: outcomes)
    }
}

extension Reconciler {
    /// The notifier's running counts, for `/metrics` (nil without a notifier).
    public var notificationCounts: NotificationCounts? {
        get async { await notifier?.counts }
    }
}
