import Experiments
import Foundation
import HTTPTransport
import Sandbox
import Testing
import TestSupport

/// `iter8 run` as a process, given credentials for Git, Prometheus and Kubernetes that hold `@ / ? # : =`, drives
/// every output it has — JSON and text logs, status and report files, commit messages, `/metrics`, CLI errors and
/// every file of its clone — through a successful experiment, rejected credentials and malformed URLs; none of
/// them may carry a secret, raw, percent-encoded or base64 (as in a basic `Authorization` header), whole or in part.
@Suite(.serialized) struct SecretsScanTests {
    /// A secret whose every piece between delimiters is a distinctive word, so a leak of part of it is caught too.
    struct Secret {
        let text: String
        let pieces: [String]
        let user: String

        init(_ stem: String, user: String) {
            pieces = (1...7).map { "\(stem)\($0)" }
            text = "\(pieces[0])@\(pieces[1])/\(pieces[2])?\(pieces[3])=\(pieces[4])#\(pieces[5]):\(pieces[6])"
            self.user = user
        }

        /// Percent-encoded for a URL's user information.
        var encoded: String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

        /// Every form that must not appear anywhere.
        var forms: [String] {
            [
                text, encoded, text.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed)!,
                Data(text.utf8).base64EncodedString(), Data("\(user):\(text)".utf8).base64EncodedString(),
            ] + pieces
        }
    }

    static let gitToken = Secret("gitTokenPiece", user: "bot")
    static let prometheusPassword = Secret("promPassPiece", user: "prom")
    static let kubeToken = Secret("kubeTokenPiece", user: "kube")
    static let wrongGitToken = Secret("wrongGitPiece", user: "bot")
    static let wrongPrometheusPassword = Secret("wrongPromPiece", user: "prom")
    static let wrongKubeToken = Secret("wrongKubePiece", user: "kube")
    static let urlPassword = Secret("urlPassPiece", user: "someone")
    static let prometheusToken = Secret("promTokenPiece", user: "bearer")
    static let prometheusURLPassword = Secret("promUrlPiece", user: "prom")
    static let all = [
        gitToken, prometheusPassword, kubeToken, wrongGitToken, wrongPrometheusPassword, wrongKubeToken, urlPassword,
        prometheusToken, prometheusURLPassword,
    ]

    /// One origin over https with basic authentication, the Sandbox API server (bearer token) with its mesh,
    /// and the mesh's Prometheus API behind basic authentication.
    final class Stack: Sendable {
        let origin: GitOrigin
        let git: GitHTTPServer
        let server: SandboxAPIServer
        let metrics: MeshMetricsServer
        let proxy: BasicAuthProxy
        let driver: Task<Void, Never>
        let workspace: TemporaryDirectory

        init(origin: GitOrigin, git: GitHTTPServer, server: SandboxAPIServer, metrics: MeshMetricsServer,
             proxy: BasicAuthProxy, driver: Task<Void, Never>, workspace: TemporaryDirectory) {
            self.origin = origin
            self.git = git
            self.server = server
            self.metrics = metrics
            self.proxy = proxy
            self.driver = driver
            self.workspace = workspace
        }

        static func start(ca: TestCA) async throws -> Stack {
            let spec = ReconcilerHarness.experiment(name: "reviews-canary", iterations: 3)
                .replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: 1")
            let files = ["experiments/reviews-canary.yaml": spec, "istio/reviews.yaml": ReconcilerHarness.virtualService()]
            let origin = try await offPool { try GitOrigin(files: files) }
            let git = try await GitHTTPServer.start(
                serving: origin, tls: ca, user: (SecretsScanTests.gitToken.user, SecretsScanTests.gitToken.text))
            let server = try await SandboxAPIServer.start(
                SandboxConfiguration(bearerTokens: [BearerToken(token: SecretsScanTests.kubeToken.text)]))
            let mesh = SimulatedMesh(store: server.store, configuration: MeshConfiguration(requestsPerSecond: 200, seed: 7))
            let metrics = try await MeshMetricsServer.start(mesh: mesh)
            let proxy = try await BasicAuthProxy.start(
                upstreamPort: metrics.port,
                user: (SecretsScanTests.prometheusPassword.user, SecretsScanTests.prometheusPassword.text))
            let driver = Task { await mesh.run(tick: .milliseconds(50)) }
            let workspace = try TemporaryDirectory(prefix: "iter8-secrets")
            let live = workspace.file("virtualservice.yaml")
            try ReconcilerHarness.virtualService().write(to: live, atomically: true, encoding: .utf8)
            _ = try await SandboxManifests.apply(
                paths: [ReconcilerHarness.fixtures.appendingPathComponent("cluster").path, live.path], to: server.store)
            return Stack(origin: origin, git: git, server: server, metrics: metrics, proxy: proxy, driver: driver, workspace: workspace)
        }

        func stop() async {
            driver.cancel()
            await metrics.stop()
            await server.stop()
        }

        func show(_ path: String) async -> String? { try? await offPool { [origin] in try origin.show(path) } }

        /// Every commit's message and patch on every branch of origin.
        func history() async throws -> String {
            try await Shell.git(["log", "--all", "-p", "--format=%H%n%B"], in: origin.bare)
        }
    }

    /// Writes `text` to a new file in `workspace`, readable by the owner only, and returns its path.
    static func secretFile(_ text: String, named name: String, in workspace: TemporaryDirectory) throws -> String {
        let file = workspace.file(name)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw TestSupportError("cannot write \(file.path)") }
        return file.path
    }

    /// Where a secret shows up in `text`: one line per form found.
    static func leaks(in text: String, from source: String, also extra: [String]) -> [String] {
        var found: [String] = []
        for secret in all {
            for form in secret.forms + extra where text.contains(form) {
                let line = text.split(separator: "\n").first { $0.contains(form) }.map(String.init) ?? ""
                found.append("\(source): \(form) in \(line.prefix(300))")
            }
        }
        return found
    }

    /// Every regular file under `directory` with its contents (bytes as UTF-8, lossily).
    static func files(under directory: String) -> [(String, String)] {
        var result: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            result.append((path, String(decoding: data, as: UTF8.self)))
        }
        return result
    }

    static func start(
        _ arguments: [String], log: String, in workspace: TemporaryDirectory
    ) async throws -> ManagedProcess {
        let binary = try BuiltExecutable.path("iter8")
        return try await offPool { try ManagedProcess(binary, arguments, logFile: workspace.file(log)) }
    }

    /// Runs `iter8` to its end (bounded) and returns its exit status and output.
    static func runToEnd(_ arguments: [String], log: String, in workspace: TemporaryDirectory) async throws -> (Int32?, String) {
        let process = try await start(arguments, log: log, in: workspace)
        try await Wait.until("iter8 \(arguments.first ?? "") to exit (log: \(process.logTail()))", timeout: .seconds(60)) {
            !process.isRunning
        }
        return (process.exitStatus, (try? String(contentsOf: process.logFile, encoding: .utf8)) ?? "")
    }

    @Test func noOutputCarriesACredential() async throws {
        let ca = try await offPool { try TestCA() }
        let stack = try await Stack.start(ca: ca)
        defer { Task { await stack.stop() } }
        let workspace = stack.workspace
        var outputs: [(String, String)] = []

        let gitTokenFile = try Self.secretFile(Self.gitToken.text, named: "git-token", in: workspace)
        let prometheusPasswordFile = try Self.secretFile(Self.prometheusPassword.text, named: "prom-password", in: workspace)
        let wrongPrometheusPasswordFile = try Self.secretFile(Self.wrongPrometheusPassword.text, named: "wrong-prom", in: workspace)
        let webhookSecretFile = try Self.secretFile(Self.urlPassword.text, named: "webhook-secret", in: workspace)
        let kubeconfig = workspace.file("kubeconfig")
        try stack.server.writeKubeconfig(to: kubeconfig, token: Self.kubeToken.text)
        let wrongKubeconfig = workspace.file("wrong-kubeconfig")
        try stack.server.writeKubeconfig(to: wrongKubeconfig, token: Self.wrongKubeToken.text)
        let statusPath = StatusPaths.status("experiments/reviews-canary")
        let transport = CurlTransport()

        let clientKeyKubeconfig = workspace.file("client-key-kubeconfig")
        try stack.server.writeKubeconfig(to: clientKeyKubeconfig)
        let prometheusTokenFile = try Self.secretFile(Self.prometheusToken.text, named: "prom-token", in: workspace)
        func runArguments(
            repository: String, workdir: String, port: Int, logFormat: String, kubeconfig: URL, prometheusPassword: String,
            token: Bool = true, prometheus: [String]? = nil
        ) -> [String] {
            let prometheusArguments = prometheus ?? [
                "--prometheus-url", stack.proxy.url.absoluteString, "--prometheus-username", Self.prometheusPassword.user,
                "--prometheus-password-file", prometheusPassword,
            ]
            return [
                "run", "--repository", repository, "--git-ca-file", ca.caCertificate.path, "--kubeconfig", kubeconfig.path,
            ] + prometheusArguments + [
                "--poll-interval", "1", "--workdir", workspace.file(workdir).path,
                "--listen", "127.0.0.1:\(port)", "--log-format", logFormat, "--log-level", "debug",
                "--webhook-secret-file", webhookSecretFile,
            ] + (token ? ["--git-username", Self.gitToken.user, "--git-token-file", gitTokenFile] : [])
        }
        func scrape(_ port: Int) async throws -> String {
            let response = try await transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/metrics")!))
            return String(decoding: response.body, as: UTF8.self)
        }

        // 1. A whole experiment with the right credentials, JSON logs: status, report, commit messages, /metrics.
        let port = try FreePort.next()
        let success = try await Self.start(
            runArguments(repository: stack.git.url, workdir: "work-json", port: port, logFormat: "json", kubeconfig: kubeconfig,
                prometheusPassword: prometheusPasswordFile), log: "run-json.log", in: workspace)
        try await Wait.until("the experiment to complete (log: \(success.logTail()))", timeout: .seconds(60)) {
            await stack.show(statusPath)?.contains("phase: Completed") == true
        }
        // The status file is pushed inside the pass; /metrics follows when the pass returns.
        var metricsText = ""
        try await Wait.until("/metrics to count the completed experiment", timeout: .seconds(60)) {
            metricsText = (try? await scrape(port)) ?? ""
            return metricsText.contains("iter8_experiments{phase=\"Completed\"} 1")
        }
        outputs.append(("/metrics of the successful run", metricsText))
        success.signal(SIGTERM)
        try await Wait.until("the service to stop on SIGTERM", timeout: .seconds(30)) { !success.isRunning }
        outputs.append(("JSON log of the successful run", try String(contentsOf: success.logFile, encoding: .utf8)))

        // 2. The token percent-encoded in the URL (text logs), a client key for Kubernetes, a wrong Prometheus
        // password and another in Prometheus' URL: errors are logged.
        let prometheusWithPassword = stack.proxy.url.absoluteString.replacingOccurrences(
            of: "http://", with: "http://\(Self.prometheusURLPassword.user):\(Self.prometheusURLPassword.encoded)@")
        try await offPool { _ = try stack.origin.pushFromAnotherWriter(files: [
            "experiments/reviews-second.yaml": ReconcilerHarness.experiment(name: "reviews-second", iterations: 3)
                .replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: 1"),
        ]) }
        let inURL = stack.git.url.replacingOccurrences(of: "https://", with: "https://\(Self.gitToken.user):\(Self.gitToken.encoded)@")
        let textPort = try FreePort.next()
        let wrongPrometheus = try await Self.start(
            runArguments(repository: inURL, workdir: "work-text", port: textPort, logFormat: "text", kubeconfig: clientKeyKubeconfig,
                prometheusPassword: wrongPrometheusPasswordFile, token: false,
                prometheus: [
                    "--prometheus-url", prometheusWithPassword, "--prometheus-username", Self.wrongPrometheusPassword.user,
                    "--prometheus-password-file", wrongPrometheusPasswordFile,
                ]), log: "run-text.log", in: workspace)
        try await Wait.until("Prometheus' 401 to be logged (log: \(wrongPrometheus.logTail()))", timeout: .seconds(60)) {
            wrongPrometheus.logTail(1_000_000).contains("HTTP 401")
        }
        outputs.append(("/metrics of the run with a wrong Prometheus password", try await scrape(textPort)))
        wrongPrometheus.signal(SIGTERM)
        try await Wait.until("the service to stop on SIGTERM", timeout: .seconds(30)) { !wrongPrometheus.isRunning }
        outputs.append(("text log of the run with a wrong Prometheus password", try String(contentsOf: wrongPrometheus.logFile, encoding: .utf8)))

        // 3. A wrong Kubernetes token: the API server's 401 is logged.
        let kubePort = try FreePort.next()
        let wrongKube = try await Self.start(
            runArguments(repository: stack.git.url, workdir: "work-kube", port: kubePort, logFormat: "json", kubeconfig: wrongKubeconfig,
                prometheusPassword: prometheusPasswordFile), log: "run-kube.log", in: workspace)
        try await Wait.until("the API server's 401 to be logged (log: \(wrongKube.logTail()))", timeout: .seconds(60)) {
            wrongKube.logTail(1_000_000).contains("nauthorized")
        }
        outputs.append(("/metrics of the run with a wrong Kubernetes token", try await scrape(kubePort)))
        wrongKube.signal(SIGTERM)
        try await Wait.until("the service to stop on SIGTERM", timeout: .seconds(30)) { !wrongKube.isRunning }
        outputs.append(("JSON log of the run with a wrong Kubernetes token", try String(contentsOf: wrongKube.logFile, encoding: .utf8)))

        // 4. A bearer token for Prometheus (which wants basic authentication): its 401 is logged, in JSON.
        try await offPool { _ = try stack.origin.pushFromAnotherWriter(files: [
            "experiments/reviews-third.yaml": ReconcilerHarness.experiment(name: "reviews-third", iterations: 3)
                .replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: 1"),
        ]) }
        let bearerPort = try FreePort.next()
        let bearer = try await Self.start(
            runArguments(repository: stack.git.url, workdir: "work-bearer", port: bearerPort, logFormat: "json", kubeconfig: kubeconfig,
                prometheusPassword: prometheusPasswordFile,
                prometheus: ["--prometheus-url", stack.proxy.url.absoluteString, "--prometheus-token-file", prometheusTokenFile]),
            log: "run-bearer.log", in: workspace)
        try await Wait.until("Prometheus' 401 to be logged (log: \(bearer.logTail()))", timeout: .seconds(60)) {
            bearer.logTail(1_000_000).contains("HTTP 401")
        }
        outputs.append(("/metrics of the run with a Prometheus bearer token", try await scrape(bearerPort)))
        bearer.signal(SIGTERM)
        try await Wait.until("the service to stop on SIGTERM", timeout: .seconds(30)) { !bearer.isRunning }
        outputs.append(("JSON log of the run with a Prometheus bearer token", try String(contentsOf: bearer.logFile, encoding: .utf8)))

        // 5. CLI errors: a wrong token in the URL (raw and percent-encoded), a token over plain http, malformed URLs.
        let wrongRaw = stack.git.url.replacingOccurrences(of: "https://", with: "https://bot:\(Self.wrongGitToken.text)@")
        let wrongEncoded = stack.git.url.replacingOccurrences(of: "https://", with: "https://bot:\(Self.wrongGitToken.encoded)@")
        let wrongTokenFile = try Self.secretFile(Self.wrongGitToken.text, named: "wrong-git-token", in: workspace)
        let malformed = [
            ("a wrong token in the URL", runArguments(repository: wrongRaw, workdir: "work-wrong-1", port: 0, logFormat: "text",
                kubeconfig: kubeconfig, prometheusPassword: prometheusPasswordFile, token: false)),
            ("a wrong percent-encoded token in the URL", runArguments(repository: wrongEncoded, workdir: "work-wrong-2", port: 0,
                logFormat: "json", kubeconfig: kubeconfig, prometheusPassword: prometheusPasswordFile, token: false)),
            ("a wrong token file", runArguments(repository: stack.git.url, workdir: "work-wrong-3", port: 0, logFormat: "text",
                kubeconfig: kubeconfig, prometheusPassword: prometheusPasswordFile, token: false)
                + ["--git-username", "bot", "--git-token-file", wrongTokenFile]),
            ("a token over plain http", runArguments(
                repository: "http://bot:\(Self.urlPassword.text)@127.0.0.1:\(stack.git.port)/git/origin.git", workdir: "work-http",
                port: 0, logFormat: "text", kubeconfig: kubeconfig, prometheusPassword: prometheusPasswordFile, token: false)),
            ("a malformed repository URL", runArguments(
                repository: "https://bot:\(Self.urlPassword.text)@local host:99999/x y", workdir: "work-bad", port: 0,
                logFormat: "text", kubeconfig: kubeconfig, prometheusPassword: prometheusPasswordFile, token: false)),
            ("an scp-like address with a password", runArguments(
                repository: "bot:\(Self.urlPassword.text)@127.0.0.1:repo.git", workdir: "work-scp", port: 0, logFormat: "text",
                kubeconfig: kubeconfig, prometheusPassword: prometheusPasswordFile, token: false)),
            ("iter8 status with a token in an https URL", ["status", inURL, "--output", "json"]),
            ("iter8 history with a wrong token in the URL", ["history", wrongRaw]),
            ("iter8 status with a token over plain http", [
                "status", "http://bot:\(Self.urlPassword.encoded)@127.0.0.1:\(stack.git.port)/git/origin.git",
            ]),
            ("a Prometheus URL with a password and no scheme it accepts", [
                "run", "--repository", stack.git.url, "--kubeconfig", kubeconfig.path,
                "--prometheus-url", "ftp://prom:\(Self.urlPassword.text)@127.0.0.1/", "--workdir", workspace.file("work-prom").path,
            ]),
        ]
        for (what, arguments) in malformed {
            let (status, output) = try await Self.runToEnd(arguments, log: "cli-\(outputs.count).log", in: workspace)
            #expect(status != nil && status != 0, "\(what): exit \(String(describing: status)): \(output)")
            outputs.append(("CLI output for \(what)", output))
        }

        // 6. Everything committed (status and report files of every version, commit messages) and every file
        // the runs left in their work folders (the clones' .git config, FETCH_HEAD, reflogs, packs).
        let status = try #require(await stack.show(statusPath))
        #expect(status.contains("phase: Completed"))
        outputs.append(("origin's history", try await stack.history()))
        for (path, text) in Self.files(under: workspace.path) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            // The files the test itself wrote to hand the secrets over are the only ones meant to hold them.
            guard ![
                "git-token", "prom-password", "wrong-prom", "webhook-secret", "kubeconfig", "wrong-kubeconfig", "wrong-git-token",
                "client-key-kubeconfig", "prom-token",
            ]
                .contains(name), !name.hasSuffix(".log")
            else { continue }
            outputs.append((path, text))
        }
        #expect(outputs.contains { $0.0.hasSuffix("work-json/repository.git/config") })
        var leaks: [String] = []
        // The client key of the kubeconfig used in run 2: its PEM lines and its base64 (client-key-data).
        let keyPEM = stack.server.adminClient.keyPEM
        let keyForms = [Data(keyPEM.utf8).base64EncodedString()]
            + keyPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") && $0.count >= 16 }.map(String.init)
        #expect(keyForms.count >= 2)
        for (source, text) in outputs { leaks += Self.leaks(in: text, from: source, also: keyForms) }
        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
    }
}
