import GitOps
import HTTPTransport
import Kubernetes
import Logging

extension RunCommand {
    /// The notifier over the configured channels (webhook, Slack, Kubernetes Events) and specs' notification tasks;
    /// nil when none is configured. The Events channel writes through a write gate of its own that allows creating
    /// Events only, in the allowed namespaces; spec tasks read Secrets only in their experiment's namespace, and only
    /// in the allowed namespaces.
    static func notifier(_ settings: RunSettings, client: any KubernetesClient, logger: Logger) -> Notifier? {
        var channels = settings.notifications?.channels(transport: CurlTransport()) ?? []
        if settings.kubernetesEvents {
            let gate = WriteGate(client, rules: [.events(in: settings.reconciler.allowedNamespaces)])
            channels.append(KubernetesEventChannel(client: gate, reportingInstance: settings.replicaName))
        }
        let tasks = settings.specNotifications.map { slackAPI in
            SpecTaskSettings(
                client: client, transport: CurlTransport(), slackAPIBaseURL: slackAPI,
                allowsInsecureHTTP: settings.allowInsecureHTTP, allowedNamespaces: settings.reconciler.allowedNamespaces)
        }
        guard !channels.isEmpty || tasks != nil else { return nil }
        return Notifier(
            channels: channels, clock: SystemClock(), logger: logger, reportBaseURL: settings.repositoryWebURL,
            specTasks: tasks)
    }
}
