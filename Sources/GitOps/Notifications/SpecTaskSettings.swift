import Experiments
import Foundation
import HTTPTransport
import Kubernetes

/// How the service runs the notification tasks of specs (`iter8 run --spec-notifications`): where it reads their
/// Secrets, how it sends, what it refuses. Off unless configured: a spec names URLs and Secrets, so running its
/// tasks is the operator's choice.
public struct SpecTaskSettings: Sendable {
    /// Reads the tasks' Secrets (`get secrets`), only in the experiment's own namespace.
    public var client: any KubernetesClient
    /// Sends the requests.
    public var transport: any HTTPTransport
    /// Slack's Web API, to which `/chat.postMessage` is appended (`https://slack.com/api`).
    public var slackAPIBaseURL: URL
    /// Whether a task may send to a plain `http://` address (`--allow-insecure-http`).
    public var allowsInsecureHTTP: Bool
    /// The namespaces whose experiments may run tasks and whose Secrets may be read (nil: every namespace).
    public var allowedNamespaces: Set<String>?
    /// The longest one request may take, in seconds.
    public var timeoutSeconds: Double

    /// Slack's Web API.
    public static let slackAPI = URL(string: "https://slack.com/api")!

    /// Creates the settings.
    public init(
        client: any KubernetesClient, transport: any HTTPTransport, slackAPIBaseURL: URL = SpecTaskSettings.slackAPI,
        allowsInsecureHTTP: Bool = false, allowedNamespaces: Set<String>? = nil, timeoutSeconds: Double = 5
    ) {
        self.client = client
        self.transport = transport
        self.slackAPIBaseURL = slackAPIBaseURL
        self.allowsInsecureHTTP = allowsInsecureHTTP
        self.allowedNamespaces = allowedNamespaces
        self.timeoutSeconds = timeoutSeconds
    }

    /// The channel that runs `task` of an experiment in `namespace`.
    public func channel(for task: NotificationTask, namespace: String) -> SpecTaskChannel {
        SpecTaskChannel(task: task, namespace: namespace, settings: self)
    }
}
