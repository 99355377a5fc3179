import GitOps
import HTTPTransport
import Kubernetes
import Logging

extension RunCommand {
    /// The notifier over the configured channels (webhook, Slack, Kubernetes Events); nil when none is configured.
    /// The Events channel writes through a write gate of its own that allows creating Events only, in the allowed
    /// namespaces.
    static func notifier(_ settings: RunSettings, client: any KubernetesClient, logger: Logger) -> Notifier? {
        var channels = settings.notifications?.channels(transport: CurlTransport()) ?? []
        if settings.kubernetesEvents {
            let gate = WriteGate(client, rules: [.events(in: settings.reconciler.allowedNamespaces)])
            channels.append(KubernetesEventChannel(client: gate, reportingInstance: settings.replicaName))
        }
        guard !channels.isEmpty else { return nil }
        return Notifier(
            channels: channels, clock: SystemClock(), logger: logger, reportBaseURL: settings.repositoryWebURL)
    }
}
