import ArgumentParser
import Experiments
import Foundation
import Git
import GitOps
import HTTPTransport
import Kubernetes
import Logging
import PromQL
import Redaction

/// `iter8 run`'s flags merged with their `ITER8_*` environment variables, validated, with defaults.
struct RunSettings {
    var repositoryURL: String
    var reconciler: ReconcilerConfiguration
    /// How long the reads of Deployments, VirtualServices and DestinationRules are served from one LIST (0: never).
    var clusterCacheSeconds: Double
    var workdir: String
    var gitCredentials: GitCredentials
    var gitCAFile: String?
    /// `--allow-insecure-http`: a Git token may go over plain http://.
    var allowInsecureHTTP = false
    var knownHostsFile: String?
    /// `--signing-key`: signs every commit the service makes.
    var signer: SSHSigningKey?
    var kubeconfig: String?
    var context: String?
    var inCluster: Bool
    var prometheusURL: URL
    var prometheusAuthentication: HTTPAuthentication
    var prometheusCAFile: String?
    var listenHost: String
    var listenPort: Int
    var webhook: WebhookConfiguration?
    /// `--notify-*`: the notification channels (nil: none).
    var notifications: NotificationSettings?
    /// `--repository-web-url`: report links in notifications.
    var repositoryWebURL: String?
    /// `--kubernetes-events`: a Kubernetes Event on the routed object for every outcome.
    var kubernetesEvents = false
    /// `--spec-notifications`: run specs' notification tasks; with `--slack-api-url`, Slack's Web API.
    var specNotifications: URL?
    /// This replica's name (`POD_NAME`, else the host name): the Events' `reportingInstance`.
    var replicaName = ""
    var logFormat: String
    var logLevel: Logger.Level
    /// Lease namespace, name and this replica's identity, when leader election is on.
    var leaderElection: LeaderElector.Configuration?
    /// With `--shards K`: the shard Leases' namespace, name prefix, count, timings and this replica's identity.
    /// The shard Leases replace the single leader Lease (``leaderElection`` is nil then).
    var shards: ShardElector.Configuration?

    init(_ command: RunCommand, environment: [String: String]) throws {
        func value(_ flag: String?, _ name: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let fromEnvironment = environment["ITER8_" + name], !fromEnvironment.isEmpty { return fromEnvironment }
            return nil
        }
        /// A switch: the flag, or its variable set to `true` (`false` or empty: off; anything else is an error).
        func enabled(_ flag: Bool, _ name: String) throws -> Bool {
            switch environment["ITER8_" + name] ?? "" {
            case "true": return true
            case "false", "": return flag
            case let other: throw ValidationError("ITER8_\(name) must be true or false, not \(other)")
            }
        }
        func secret(_ path: String?, what: String) throws -> String? {
            guard let path else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read the \(what) file \(path)")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw ValidationError("the \(what) file \(path) is empty") }
            return text
        }
        guard let repository = value(command.repository, "REPOSITORY") else {
            throw ValidationError("give the repository with --repository URL or ITER8_REPOSITORY")
        }
        repositoryURL = repository
        let branch = value(command.branch, "BRANCH") ?? "main"
        let paths = value(command.paths, "PATHS").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [""]
        let pollText = value(command.pollInterval.map { String($0) }, "POLL_INTERVAL") ?? "30"
        guard let poll = Double(pollText), poll.isFinite, (1...86_400).contains(poll) else {
            throw ValidationError("--poll-interval must be a number of seconds from 1 to 86400, not \(pollText)")
        }
        let pushesText = value(command.maxPushesPerMinute.map { String($0) }, "MAX_PUSHES_PER_MINUTE") ?? "120"
        guard let pushes = Int(pushesText), (1...10_000).contains(pushes) else {
            throw ValidationError("--max-pushes-per-minute must be a whole number from 1 to 10000, not \(pushesText)")
        }
        let cacheText = value(command.clusterCacheSeconds.map { String($0) }, "CLUSTER_CACHE_SECONDS") ?? "10"
        guard let cache = Double(cacheText), cache.isFinite, (0...300).contains(cache) else {
            throw ValidationError("--cluster-cache-seconds must be a number of seconds from 0 to 300, not \(cacheText)")
        }
        clusterCacheSeconds = cache
        let concurrencyText = value(command.concurrency.map { String($0) }, "CONCURRENCY") ?? "16"
        guard let concurrency = Int(concurrencyText), (1...64).contains(concurrency) else {
            throw ValidationError("--concurrency must be a whole number from 1 to 64, not \(concurrencyText)")
        }
        let stepText = value(command.stepDeadline.map { String($0) }, "STEP_DEADLINE") ?? "120"
        guard let stepDeadline = Double(stepText), stepDeadline.isFinite, (1...3_600).contains(stepDeadline) else {
            throw ValidationError("--step-deadline must be a number of seconds from 1 to 3600, not \(stepText)")
        }
        var mode: ApplyMode?
        if let text = value(command.applyMode, "APPLY_MODE") {
            guard let parsed = ApplyMode(rawValue: text) else { throw ValidationError("--apply-mode must be cluster or git, not \(text)") }
            mode = parsed
        }
        let namespaces = value(command.allowedNamespaces, "ALLOWED_NAMESPACES").map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        let statusDir = value(command.statusDir, "STATUS_DIR")
        if let statusDir {
            // A trailing slash is fine ("status/"); the folder itself must be a path the service may write.
            guard !statusDir.hasPrefix("/"), RepositoryPath.isSafe(statusDir.split(separator: "/").joined(separator: "/"))
            else { throw ValidationError("--status-dir must be a folder inside the repository (relative, no '..', not .git), not \(statusDir)") }
        }
        let layout: StatusLayout = statusDir.map { .directory($0) } ?? .besideSpec
        reconciler = ReconcilerConfiguration(
            branch: branch, paths: paths, statusLayout: layout, applyModeOverride: mode, allowedNamespaces: namespaces,
            identity: CommitIdentity(
                name: value(command.authorName, "AUTHOR_NAME") ?? "iter8",
                email: value(command.authorEmail, "AUTHOR_EMAIL") ?? "iter8@localhost"),
            pollIntervalSeconds: poll)
        reconciler.maxPushesPerMinute = pushes
        reconciler.stepDeadlineSeconds = stepDeadline
        reconciler.passConcurrency = concurrency
        workdir = value(command.workdir, "WORKDIR")
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("iter8-run").path
        let user = value(command.gitUsername, "GIT_USERNAME") ?? "git"
        if let token = try secret(value(command.gitTokenFile, "GIT_TOKEN_FILE"), what: "Git token") {
            gitCredentials = .userToken(user: user, token: token)
        } else if let key = value(command.sshKeyFile, "SSH_KEY_FILE") {
            gitCredentials = .sshKeyFile(user: user, privateKeyPath: key, publicKeyPath: nil, passphrase: nil)
        } else {
            gitCredentials = .none
        }
        gitCAFile = value(command.gitCaFile, "GIT_CA_FILE")
        allowInsecureHTTP = try enabled(command.allowInsecureHttp, "ALLOW_INSECURE_HTTP")
        knownHostsFile = value(command.knownHostsFile, "KNOWN_HOSTS_FILE")
        kubeconfig = value(command.kubeconfig, "KUBECONFIG")
        context = value(command.context, "CONTEXT")
        inCluster = try enabled(command.inCluster, "IN_CLUSTER")
        guard let prometheusText = value(command.prometheusUrl, "PROMETHEUS_URL"), let url = URL(string: prometheusText),
            url.scheme == "http" || url.scheme == "https"
        else { throw ValidationError("give Prometheus with --prometheus-url http(s)://… or ITER8_PROMETHEUS_URL") }
        prometheusURL = url
        if let token = try secret(value(command.prometheusTokenFile, "PROMETHEUS_TOKEN_FILE"), what: "Prometheus token") {
            prometheusAuthentication = .bearer(token: token)
        } else if let prometheusUser = value(command.prometheusUsername, "PROMETHEUS_USERNAME") {
            let password = try secret(value(command.prometheusPasswordFile, "PROMETHEUS_PASSWORD_FILE"), what: "Prometheus password") ?? ""
            prometheusAuthentication = .basic(user: prometheusUser, password: password)
        } else {
            prometheusAuthentication = .none
        }
        prometheusCAFile = value(command.prometheusCaFile, "PROMETHEUS_CA_FILE")
        let listen = value(command.listen, "LISTEN") ?? "0.0.0.0:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT, not \(listen)") }
        listenHost = String(listen[..<colon])
        listenPort = port
        webhook = try secret(value(command.webhookSecretFile, "WEBHOOK_SECRET_FILE"), what: "webhook secret").map {
            WebhookConfiguration(branch: branch, secret: WebhookSecret($0))
        }
        do {
            let parsed = try NotificationSettings(
                webhookURL: value(command.notifyWebhookUrl, "NOTIFY_WEBHOOK_URL"),
                webhookSecretFile: value(command.notifyWebhookSecretFile, "NOTIFY_WEBHOOK_SECRET_FILE"),
                slackURLFile: value(command.notifySlackUrlFile, "NOTIFY_SLACK_URL_FILE"),
                repositoryWebURL: value(command.repositoryWebUrl, "REPOSITORY_WEB_URL"), source: Redacted.url(repositoryURL))
            notifications = parsed.isEmpty ? nil : parsed
            repositoryWebURL = parsed.repositoryWebURL
        } catch { throw ValidationError(error.message) }
        kubernetesEvents = try enabled(command.kubernetesEvents, "KUBERNETES_EVENTS")
        if try enabled(command.specNotifications, "SPEC_NOTIFICATIONS") {
            let text = value(command.slackApiUrl, "SLACK_API_URL") ?? SpecTaskSettings.slackAPI.absoluteString
            guard let url = URL(string: text), url.scheme == "https" || (url.scheme == "http" && allowInsecureHTTP),
                url.host?.isEmpty == false
            else {
                throw ValidationError(
                    "--slack-api-url must be an https:// URL with a host (http:// only with --allow-insecure-http), not \(text)")
            }
            specNotifications = url
        } else if let text = value(command.slackApiUrl, "SLACK_API_URL") {
            throw ValidationError("--slack-api-url \(text) has no use without --spec-notifications (ITER8_SPEC_NOTIFICATIONS)")
        }
        replicaName = environment["POD_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.hostName
        logFormat = value(command.logFormat, "LOG_FORMAT") ?? "text"
        guard logFormat == "text" || logFormat == "json" else { throw ValidationError("--log-format must be text or json") }
        let levelText = value(command.logLevel, "LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else { throw ValidationError("--log-level \(levelText) is not a level") }
        logLevel = level
        let shardsText = value(command.shards.map { String($0) }, "SHARDS")
        let shardCount = try shardsText.map { text in
            guard let count = Int(text), (1...1024).contains(count) else {
                throw ValidationError("--shards must be a whole number from 1 to 1024, not \(text)")
            }
            return count
        }
        let durationText = value(command.leaseDuration.map { String($0) }, "LEASE_DURATION") ?? "15"
        // A write (a push, a traffic patch) may start only with more than 5 s of the lease left: 8 s leaves room.
        guard let leaseDuration = Int(durationText), (8...300).contains(leaseDuration) else {
            throw ValidationError("--lease-duration must be a whole number of seconds from 8 to 300, not \(durationText)")
        }
        if try shardCount != nil || enabled(command.leaderElection, "LEADER_ELECTION") {
            let serviceAccountNamespace = (try? String(
                contentsOfFile: KubeConnection.InClusterPaths.standard.namespace, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let namespace = value(command.leaderElectionNamespace, "LEADER_ELECTION_NAMESPACE")
                ?? (serviceAccountNamespace?.isEmpty == false ? serviceAccountNamespace! : "default")
            let name = value(command.leaderElectionName, "LEADER_ELECTION_NAME") ?? "iter8"
            // The pod's name (downward API) or the host name, with a random suffix: two processes never share one.
            let host = environment["POD_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.hostName
            let identity = "\(host)_\(UUID().uuidString.prefix(8).lowercased())"
            // client-go's proportions (15 s, 10 s, 2 s): renew within 2/3 of the duration, try every 2/15 of it.
            let renewDeadline = Double(leaseDuration) * 2 / 3
            let retryPeriod = Double(leaseDuration) * 2 / 15
            if let shardCount {
                shards = ShardElector.Configuration(
                    namespace: namespace, name: name, identity: identity, shards: shardCount,
                    leaseDurationSeconds: leaseDuration, renewDeadlineSeconds: renewDeadline, retryPeriodSeconds: retryPeriod)
            } else {
                leaderElection = LeaderElector.Configuration(
                    namespace: namespace, name: name, identity: identity, leaseDurationSeconds: leaseDuration,
                    renewDeadlineSeconds: renewDeadline, retryPeriodSeconds: retryPeriod)
            }
        }
        try readSigning(
            key: value(command.signingKey, "SIGNING_KEY"), allowedSigners: value(command.allowedSigners, "ALLOWED_SIGNERS"),
            gpgKeyring: value(command.gpgKeyring, "GPG_KEYRING"))
        try readPullRequests(
            provider: value(command.pullRequestProvider, "PULL_REQUEST_PROVIDER"),
            apiURL: value(command.pullRequestApiUrl, "PULL_REQUEST_API_URL"),
            repository: value(command.pullRequestRepository, "PULL_REQUEST_REPOSITORY"),
            tokenFile: value(command.pullRequestTokenFile, "PULL_REQUEST_TOKEN_FILE"),
            policy: value(command.pullRequests, "PULL_REQUESTS"),
            branchPrefix: value(command.pullRequestBranchPrefix, "PULL_REQUEST_BRANCH_PREFIX"))
        reconciler.statusBranch = value(command.statusBranch, "STATUS_BRANCH")
        do { try reconciler.validateStatusBranch() } catch { throw ValidationError(error.description) }
    }

    /// Opens the clone in the work folder if it is one of this remote, else clones afresh.
    func openRepository(logger: Logger) async throws -> LibGit2Repository {
        let remote = GitRemote(
            url: repositoryURL, credentials: gitCredentials, certificateAuthorityFile: gitCAFile, knownHostsFile: knownHostsFile,
            allowsInsecureHTTP: allowInsecureHTTP)
        let folder = URL(fileURLWithPath: workdir).appendingPathComponent("repository.git").path
        if FileManager.default.fileExists(atPath: folder) {
            let locks = InterruptedWrites.lockFiles(in: folder)
            if !locks.isEmpty {
                // A process that died mid-write (SIGKILL, OOM) left them; libgit2 would refuse every update. Git
                // is the source of truth: clone afresh.
                logger.warning("the clone has lock files of an interrupted write; cloning afresh", metadata: ["locks": "\(locks)"])
            } else if let repository = try? await LibGit2Repository.open(at: folder, remote: remote, signer: signer) {
                return repository
            }
            try FileManager.default.removeItem(atPath: folder)
        }
        try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        logger.info("cloning", metadata: ["repository": "\(Redacted.url(repositoryURL))"])
        return try await LibGit2Repository.clone(remote, into: folder, bare: true, branch: reconciler.branch, signer: signer)
    }

    func kubernetesClient() throws -> any KubernetesClient {
        if inCluster { return RESTKubernetesClient(connection: try KubeConnection.inCluster()) }
        let config: KubeConfig
        if let kubeconfig {
            config = try KubeConfig.load(file: kubeconfig)
        } else {
            config = try KubeConfig.load()
        }
        return RESTKubernetesClient(connection: try config.connection(context: context))
    }

    func prometheusClient() throws -> PrometheusClient {
        let tls = TLSConfiguration(certificateAuthority: prometheusCAFile.map { .file($0) })
        // As many idle connections (and waiting threads) as queries a pass sends at once: fewer would reopen
        // connections and start threads at every pass.
        let transport = CurlTransport(
            configuration: .init(
                tls: tls, authentication: prometheusAuthentication,
                maximumIdleConnections: max(CurlTransport.Configuration.standardMaximumIdleConnections, reconciler.passConcurrency)))
        return PrometheusClient(baseURL: prometheusURL, transport: transport)
    }
}
