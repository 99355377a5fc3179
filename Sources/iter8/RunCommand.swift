import ArgumentParser
import Experiments
import Foundation
import Git
import GitOps
import HTTPTransport
import Kubernetes
import Logging
import Playground
import PromQL
import Redaction
import ServiceLifecycle

/// `iter8 run`: the reconciler as a long-running service. Every flag can also be given as an environment
/// variable (`ITER8_` and the flag's name in capitals with `_`, e.g. `ITER8_REPOSITORY`); a flag wins.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the GitOps reconciler: poll a repository, run its experiments, commit status and promotions.",
        discussion: """
            Every option can also be set with an environment variable named ITER8_<OPTION> (for example \
            ITER8_REPOSITORY, ITER8_PROMETHEUS_URL, ITER8_ALLOWED_NAMESPACES=a,b). Secrets are read from files \
            (--git-token-file, --prometheus-token-file, --webhook-secret-file) so they never appear in a process \
            listing. Endpoints on --listen: /healthz, /readyz, /metrics and POST /webhook (GitHub and GitLab push \
            events). SIGTERM or SIGINT finish the pass in flight and stop. With --shards K several replicas split \
            the experiments (by target) over K shard Leases, each reconciling the shards it holds.
            """)

    @Option(help: "Repository URL (https://, ssh://, git://, file:// or a path).") var repository: String?
    @Option(help: "Branch to watch and commit to (default main).") var branch: String?
    @Option(help: "Repository folders holding experiments, metrics and routed objects (VirtualServices, HTTPRoutes); comma-separated (default: the whole repository).") var paths: String?
    @Option(help: "Seconds between polls (default 30).") var pollInterval: Double?
    @Option(help: "Where the service keeps its clone (default: a folder under the temporary directory).") var workdir: String?
    @Option(help: "User name for token authentication (default git).") var gitUsername: String?
    @Option(help: "File holding the Git token (https).") var gitTokenFile: String?
    @Option(help: "SSH private key file (ssh).") var sshKeyFile: String?
    @Option(help: "known_hosts file for ssh.") var knownHostsFile: String?
    @Option(help: "CA bundle for an https Git server.") var gitCaFile: String?
    @Option(help: "Sign the service's commits with this unencrypted OpenSSH ed25519 private key (docs/signing.md).")
    var signingKey: String?
    @Option(help: "Act only on commits signed by a key of this allowed-signers file (git's gpg.ssh.allowedSignersFile format).")
    var allowedSigners: String?
    @Option(help: "Also trust OpenPGP signatures by the keys of this keyring (e.g. GitHub's web-flow key), checked with gpg.")
    var gpgKeyring: String?
    @Option(help: "Open a pull request (github) or merge request (gitlab) for the ends that wait for review (docs/pull-requests.md).")
    var pullRequestProvider: String?
    @Option(help: "API root: https://api.github.com (default), https://HOST/api/v3 (GitHub Enterprise), https://HOST/api/v4 (GitLab).")
    var pullRequestApiUrl: String?
    @Option(help: "The repository on the forge: owner/name (GitHub), the project's path or numeric id (GitLab).")
    var pullRequestRepository: String?
    @Option(help: "File holding the forge token (GitHub: pull requests and contents read/write; GitLab: the api scope).")
    var pullRequestTokenFile: String?
    @Option(help: "Which ends wait for a merged request when a spec does not say: never, promotions (default), rollbacks, always.")
    var pullRequests: String?
    @Option(help: "Start of the requests' branch names (default iter8/).") var pullRequestBranchPrefix: String?
    @Flag(help: "Allow sending the Git token, a pull request token or a spec notification task over plain http:// (refused by default: anyone on the path could read it).")
    var allowInsecureHttp = false
    @Option(help: "kubeconfig file (default: KUBECONFIG, then ~/.kube/config).") var kubeconfig: String?
    @Option(help: "kubeconfig context (default: the current one).") var context: String?
    @Flag(help: "Use the pod's service account instead of a kubeconfig.") var inCluster = false
    @Option(help: "Prometheus base URL, e.g. http://prometheus.istio-system:9090.") var prometheusUrl: String?
    @Option(help: "File holding a bearer token for Prometheus.") var prometheusTokenFile: String?
    @Option(help: "User for basic authentication to Prometheus.") var prometheusUsername: String?
    @Option(help: "File holding the Prometheus password.") var prometheusPasswordFile: String?
    @Option(help: "CA bundle for an https Prometheus.") var prometheusCaFile: String?
    @Option(help: "Apply mode for every experiment: cluster or git (default: each spec's spec.promotion.applyMode).") var applyMode: String?
    @Option(help: "Namespaces the service may touch, comma-separated (default: all).") var allowedNamespaces: String?
    @Option(help: "Folder for status and report files (default: next to each spec).") var statusDir: String?
    @Option(help: "Commit the status, report and chart files to this branch of their own instead of the watched one, which is then only read (protected branches; needs --pull-requests always; docs/pull-requests.md).")
    var statusBranch: String?
    @Option(help: "Pushes allowed in any 60 s before the push circuit breaker opens (default 120).") var maxPushesPerMinute: Int?
    @Option(help: "Seconds the reads of Deployments and routed objects (VirtualServices with their DestinationRules, HTTPRoutes) are served from one LIST per namespace; others' changes show within it, the service's own at once (0-300, default 10; 0 reads every object each time).")
    var clusterCacheSeconds: Double?
    @Option(help: "Targets reconciled at once within a pass (1-64, default 16).") var concurrency: Int?
    @Option(help: "Seconds one experiment's step may take before it is abandoned and the pass goes on (default 120).")
    var stepDeadline: Double?
    @Option(help: "Commit author name (default iter8).") var authorName: String?
    @Option(help: "Commit author e-mail (default iter8@localhost).") var authorEmail: String?
    @Option(help: "Address of the health, metrics and webhook endpoints (default 0.0.0.0:8080).") var listen: String?
    @Option(help: "File holding the webhook secret (GitHub HMAC, GitLab token).") var webhookSecretFile: String?
    @Option(help: "POST a CloudEvents 1.0 event to this URL for each experiment outcome (docs/notifications.md).")
    var notifyWebhookUrl: String?
    @Option(help: "File holding the HMAC-SHA256 key that signs those events (X-Iter8-Signature).") var notifyWebhookSecretFile: String?
    @Option(help: "File holding a Slack incoming webhook URL: a message for each experiment outcome.") var notifySlackUrlFile: String?
    @Option(help: "Web address of the repository's files for report links, e.g. https://github.com/acme/rollouts/blob/main.")
    var repositoryWebUrl: String?
    @Flag(help: "Write a Kubernetes Event (events.k8s.io/v1) on each experiment's routed object for every outcome (RBAC: create on events).")
    var kubernetesEvents = false
    @Flag(help: "Run the notification/slack and notification/http tasks of specs' strategy.actions start and finish, with credentials from Secrets in the experiment's namespace (RBAC: get on secrets; docs/notifications.md).")
    var specNotifications = false
    @Option(help: "Slack's Web API for specs' notification/slack tasks (default https://slack.com/api).") var slackApiUrl: String?
    @Option(help: "Log format: text or json (default text).") var logFormat: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).") var logLevel: String?
    @Flag(help: "Run as one of several replicas: only the holder of a Lease reconciles (RBAC: get, create, update on leases).")
    var leaderElection = false
    @Option(help: "Namespace of the leader Lease (default: the pod's own, else default).") var leaderElectionNamespace: String?
    @Option(help: "Name of the leader Lease, or the prefix of the shard Leases' names (default iter8).") var leaderElectionName: String?
    @Option(help: """
        Split the experiments into this many shards (by target) over Leases <name>-shard-<i>, so that several replicas \
        share the work; the same number on every replica. Replaces the single leader Lease \
        (RBAC: get, list, create, update on leases).
        """)
    var shards: Int?
    @Option(help: "Seconds a leader or shard Lease counts without renewal: a dead replica's work moves after it (8–300, default 15).")
    var leaseDuration: Int?

    func run() async throws {
        HeapTrim.limitArenas()
        let settings = try RunSettings(self, environment: ProcessInfo.processInfo.environment)
        let format = settings.logFormat
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "iter8")
        let repository = try await settings.openRepository(logger: logger)
        let client = try settings.kubernetesClient()
        let prometheus = try settings.prometheusClient()
        let elector = settings.leaderElection.map { configuration in
            // The elector writes only its Lease, through a gate of its own; the traffic writes are fenced by it.
            LeaderElector(
                client: WriteGate(client, rules: [.leases(in: configuration.namespace)]), configuration: configuration,
                logger: logger)
        }
        let shards = settings.shards.map { configuration in
            // Likewise: the shard Leases are its only writes; each pass's writes are fenced by the shards it touches.
            ShardElector(
                client: WriteGate(client, rules: [.leases(in: configuration.namespace)]), configuration: configuration,
                logger: logger)
        }
        let fence: any WriteFence
        if let shards { fence = shards } else if let elector { fence = elector } else { fence = AlwaysPermit() }
        let environment = ClusterEnvironment.gated(
            client: client, metrics: PrometheusMetricsSource(client: prometheus), routing: StandardRouting.plugins,
            allowedNamespaces: settings.reconciler.allowedNamespaces, fence: fence, readCacheSeconds: settings.clusterCacheSeconds)
        let reconciler = Reconciler(
            repository: repository, environment: environment, configuration: settings.reconciler, logger: logger,
            reports: ReportRenderer(), fence: fence, shards: shards,
            notifier: Self.notifier(settings, client: client, logger: logger))
        let metrics = ServiceMetrics()
        let poll = Duration.milliseconds(Int64(settings.reconciler.pollIntervalSeconds * 1000))
        let health = ServiceHealth(pollInterval: poll)
        let trigger = PollTrigger()
        let control = try await ControlServer.start(
            host: settings.listenHost, port: settings.listenPort, health: health, metrics: metrics, trigger: trigger,
            webhook: settings.webhook, logger: logger)
        logger.info(
            "iter8 run started",
            metadata: [
                "repository": "\(Redacted.url(settings.repositoryURL))", "branch": "\(settings.reconciler.branch)",
                "listen": "\(settings.listenHost):\(control.port)",
            ])
        if let elector {
            logger.info(
                "leader election on", metadata: ["lease": "\(elector.configuration.namespace)/\(elector.configuration.name)",
                    "identity": "\(elector.configuration.identity)"])
        }
        if let shards {
            logger.info(
                "sharding on", metadata: ["shards": "\(shards.configuration.shards)",
                    "leases": "\(shards.configuration.namespace)/\(shards.configuration.leaseName(shard: 0))…",
                    "identity": "\(shards.configuration.identity)"])
        }
        let service = ReconcilerService(
            reconciler: reconciler, clock: SystemClock(), pollIntervalSeconds: settings.reconciler.pollIntervalSeconds,
            minPassIntervalSeconds: settings.reconciler.minPassIntervalSeconds,
            trigger: trigger, logger: logger, leadership: elector
        ) { report in
            let now = Date()
            metrics.setLeader(true)
            if let shards { metrics.setShardsHeld(shards.heldShards.count) }
            metrics.record(report, seconds: report.durationSeconds, at: now)
            if let counts = await reconciler.notificationCounts { metrics.recordNotifications(counts) }
            await health.markLeading()
            await health.markLoopAlive(at: now)
            if report.head != nil { await health.markPollSucceeded(at: now) }
            for experiment in report.experiments where !experiment.events.isEmpty {
                logger.info(
                    "\(experiment.events.joined(separator: "; "))",
                    metadata: ["experiment": "\(experiment.key)", "phase": "\(experiment.phase.rawValue)"])
            }
        } standby: { holder in
            metrics.setLeader(false)
            await health.markStandby(holder: holder, at: Date())
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shut down in reverse: the control server, the loop (finishing its pass), then the Lease is released.
                services: (elector.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? [])
                    + (shards.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? [])
                    + [.init(service: service), .init(service: control)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("iter8 run stopped")
    }
}
