import Experiments
import Foundation
import GitOps
import HTTPTransport
import Kubernetes
import Sandbox
import Synchronization
import Testing
import TestSupport
import YAML

/// Three `iter8 run` processes with `--shards 6` against the Sandbox and one origin: they split the shards two
/// each, every experiment is advanced by one replica at a time (each iteration recorded once, in order, across
/// handovers and push races), a SIGKILLed replica's experiments resume on the others after the Lease duration,
/// and every experiment ends with exactly one promotion or rollback commit.
@Suite(.serialized) struct ShardReplicasTests {
    /// Six services, one per shard (the first `svc-<n>` whose target falls in each), so every replica has work.
    static let services: [String] = {
        let map = ShardMap(count: 6)
        var byShard: [Int: String] = [:]
        var number = 0
        while byShard.count < 6 {
            let name = "svc-\(number)"
            if byShard[map.shard(of: "bookinfo/\(name)")] == nil { byShard[map.shard(of: "bookinfo/\(name)")] = name }
            number += 1
        }
        return (0..<6).map { byShard[$0] ?? "" }
    }()
    static let iterations = 10

    /// The reviews workloads and DestinationRule, and the experiment, renamed for `service`.
    static func workloads(_ service: String) throws -> String {
        let text = try String(
            contentsOf: ReconcilerHarness.fixtures.appendingPathComponent("cluster/workloads.yaml"), encoding: .utf8)
        // Everything after the Namespace document (applied once).
        let documents = text.components(separatedBy: "\n---\n").filter { !$0.contains("kind: Namespace") }
        return documents.joined(separator: "\n---\n").replacingOccurrences(of: "reviews", with: service)
    }

    static func experiment(_ index: Int) -> String {
        ReconcilerHarness.experiment(
            name: "canary-\(index)", iterations: iterations, extra: "  analysis:\n    noDataDeadlineSeconds: 600", mode: .fixed)
            .replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: 1")
            .replacingOccurrences(of: "reviews", with: services[index])
    }

    @Test func threeReplicasSplitTheShardsAndAKilledOnesExperimentsResumeElsewhere() async throws {
        var files: [String: String] = [:]
        for (index, service) in Self.services.enumerated() {
            files["experiments/canary-\(index).yaml"] = Self.experiment(index)
            files["istio/\(service).yaml"] = ReconcilerHarness.virtualService().replacingOccurrences(of: "reviews", with: service)
        }
        let seeded = files
        let origin = try await offPool { try GitOrigin(files: seeded) }
        let daemon = try await GitDaemonServer.start(serving: origin)
        let server = try await SandboxAPIServer.start(SandboxConfiguration())
        let mesh = SimulatedMesh(store: server.store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 5))
        let metrics = try await MeshMetricsServer.start(mesh: mesh)
        let driver = Task { await mesh.run(tick: .milliseconds(100)) }
        defer {
            driver.cancel()
            Task {
                await metrics.stop()
                await server.stop()
            }
        }
        let workspace = try TemporaryDirectory(prefix: "iter8-shards")
        var manifests = ["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo"]
        for service in Self.services {
            manifests.append(try Self.workloads(service))
            manifests.append(files["istio/\(service).yaml"] ?? "")
        }
        let cluster = workspace.file("cluster.yaml")
        try manifests.joined(separator: "\n---\n").write(to: cluster, atomically: true, encoding: .utf8)
        _ = try await SandboxManifests.apply(paths: [cluster.path], to: server.store)
        let kubeconfig = workspace.file("kubeconfig")
        try server.writeKubeconfig(to: kubeconfig)
        let binary = try BuiltExecutable.path("iter8")
        let leases = SandboxKubernetesClient(store: server.store)

        let ports = Dictionary(uniqueKeysWithValues: try ["a", "b", "c"].map { ($0, try FreePort.next()) })
        func start(_ name: String) async throws -> ManagedProcess {
            let arguments = [
                "run", "--repository", daemon.url, "--kubeconfig", kubeconfig.path,
                "--prometheus-url", metrics.prometheusURL.absoluteString, "--poll-interval", "1",
                "--workdir", workspace.file("work-\(name)").path, "--listen", "127.0.0.1:\(ports[name] ?? 0)",
                "--log-format", "json", "--author-name", "iter8-\(name)",
            ]
            // As in samples/deploy: every replica with the same shard count; a short Lease so the test is quick.
            let environment = [
                "ITER8_SHARDS": "6", "ITER8_LEASE_DURATION": "10", "ITER8_LEADER_ELECTION_NAMESPACE": "default", "POD_NAME": name,
            ]
            return try await offPool {
                try ManagedProcess(binary, arguments, logFile: workspace.file("\(name).log"), environment: environment)
            }
        }
        /// The replica (a, b or c) holding each shard Lease now ("" for none).
        func holders() async -> [String] {
            var holders: [String] = []
            for index in 0..<6 {
                let lease = try? await leases.get(.lease, namespace: "default", name: "iter8-shard-\(index)")
                let holder = lease.map { LeaseRecord(lease: $0).holder } ?? ""
                holders.append(String(holder.split(separator: "_").first ?? ""))
            }
            return holders
        }
        func status(_ index: Int) async -> ExperimentStatus? {
            let path = StatusPaths.status("experiments/canary-\(index)")
            guard let text = try? await offPool({ try origin.show(path) }) else { return nil }
            return try? YAMLDecoder().decode(ExperimentStatus.self, from: text, file: path)
        }
        func completed() async -> [Int] {
            var counts: [Int] = []
            for index in Self.services.indices { counts.append(await status(index)?.state.completedIterations ?? 0) }
            return counts
        }

        var replicas: [String: ManagedProcess] = [:]
        for name in ["a", "b", "c"] { replicas[name] = try await start(name) }
        defer { for process in replicas.values { process.stop() } }
        func logs() -> String { replicas.map { "\($0.key): \($0.value.logTail(1500))" }.sorted().joined(separator: "\n") }

        // 1. The replicas split the six shards two each, and every experiment is under way.
        let seen = Mutex("")
        try await Wait.until("the shards split two each (holders: \(seen.withLock { $0 })) \(logs())", timeout: .seconds(90)) {
            let holders = await holders()
            seen.withLock { $0 = "\(holders)" }
            return ["a", "b", "c"].allSatisfy { name in holders.filter { $0 == name }.count == 2 }
        }
        // Each replica says on /metrics how many shards it holds (after its next pass).
        let transport = CurlTransport()
        for name in ["a", "b", "c"] {
            try await Wait.until("\(name)'s iter8_shards_held to be 2", timeout: .seconds(30)) {
                let url = URL(string: "http://127.0.0.1:\(ports[name] ?? 0)/metrics")!
                guard let response = try? await transport.send(HTTPRequest(url: url)) else { return false }
                return ServerHarness.sample("iter8_shards_held", in: String(decoding: response.body, as: UTF8.self)) == 2
            }
        }
        try await Wait.until("every experiment under way (\(seen.withLock { $0 }))", timeout: .seconds(60)) {
            let counts = await completed()
            seen.withLock { $0 = "\(counts)" }
            return counts.allSatisfy { $0 >= 3 }
        }

        // 2. SIGKILL the replica holding the most unfinished experiments: its Leases are not released.
        let map = ShardMap(count: 6)
        let shardOf = Self.services.map { map.shard(target: "bookinfo/\($0)", key: "") }
        let atKill = await holders()
        let counts = await completed()
        let unfinished = Self.services.indices.filter { counts[$0] < Self.iterations }
        let victim = try #require(["a", "b", "c"].max { name, other in
            unfinished.filter { atKill[shardOf[$0]] == name }.count < unfinished.filter { atKill[shardOf[$0]] == other }.count
        })
        try #require(replicas[victim]).signal(SIGKILL)
        try await Wait.until("the victim to die", timeout: .seconds(30)) { try #require(replicas[victim]).isRunning == false }
        // Only once it is dead is the origin's head the line after which it cannot have committed (with 1 s
        // intervals it pushes between any earlier read and the signal), and the experiments still unfinished
        // then are the ones it orphaned.
        let killedAt = try await offPool { try origin.head() }
        let countsAtDeath = await completed()
        let orphaned = Self.services.indices.filter { countsAtDeath[$0] < Self.iterations && atKill[shardOf[$0]] == victim }
        #expect(!orphaned.isEmpty, "no unfinished experiment on the victim at its death: \(countsAtDeath)")

        // 3. The survivors take its shards over and finish every experiment.
        let survivors = ["a", "b", "c"].filter { $0 != victim }
        try await Wait.until("the survivors to hold every shard (\(seen.withLock { $0 }))", timeout: .seconds(60)) {
            let holders = await holders()
            seen.withLock { $0 = "\(holders)" }
            return holders.allSatisfy { survivors.contains($0) }
        }
        try await Wait.until("every experiment completed (iterations \(seen.withLock { $0 })) \(logs())", timeout: .seconds(120)) {
            seen.withLock { $0 = "" }
            var done = true
            for index in Self.services.indices {
                let state = await status(index)?.state
                seen.withLock { $0 += "\(state?.completedIterations ?? 0) " }
                if state?.phase != .completed { done = false }
            }
            return done
        }

        // Every iteration recorded once and in order; one end commit per experiment; the orphans' later commits
        // came from the survivors.
        let bare = origin.bare
        let log = try await Shell.git(["log", "--format=%an%x00%s%x01", "main"], in: bare)
        let commits = log.split(separator: "\u{01}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.map { $0.split(separator: "\u{00}", maxSplits: 1).map(String.init) }
        for index in Self.services.indices {
            let key = "bookinfo/canary-\(index)"
            let status = try #require(await status(index))
            let records = (status.compactedIterations ?? []).map { (number: $0.number, held: $0.held) }
                + status.iterations.map { (number: $0.number, held: $0.result.traffic.held) }
            let counted = records.filter { !$0.held }.map(\.number)
            #expect(counted == Array(1...Self.iterations), "\(key): assessed iterations \(counted)")
            let ends = commits.filter { commit in
                let subject = commit.last ?? ""
                return (subject.hasPrefix("iter8: promote") || subject.hasPrefix("iter8: roll back") || subject.hasPrefix("iter8: finish"))
                    && (subject.hasSuffix(key) || subject.contains(key + " ") || subject.contains(key + ":") || subject.contains(key + ","))
            }
            #expect(ends.count == 1, "\(key): end commits \(ends)")
            // The status file's history: the iteration count never goes back (no replica redid another's work).
            let history = try await Shell.git(
                ["log", "--reverse", "--format=%H %an", "main", "--", StatusPaths.status("experiments/canary-\(index)")], in: bare)
            var last = -1
            var authors: [String] = []
            for line in history.split(separator: "\n") {
                let parts = line.split(separator: " ")
                let text = try await Shell.git(["show", "\(parts[0]):\(StatusPaths.status("experiments/canary-\(index)"))"], in: bare)
                let recorded = try YAMLDecoder().decode(ExperimentStatus.self, from: text, file: "status").state.completedIterations
                #expect(recorded >= last, "\(key): iteration \(recorded) after \(last) in \(parts[0])")
                last = recorded
                authors.append(String(parts[1]))
            }
            if orphaned.contains(index) {
                // After the kill the survivors write it. A push the victim had sent before it died can still land
                // after the head read at its death (the daemon's receive-pack finishes it on its own), but only
                // before any survivor's commit: one of the victim's after a survivor's would not fast-forward.
                let after = try await Shell.git(
                    ["log", "--reverse", "--format=%an", "\(killedAt)..main", "--", StatusPaths.status("experiments/canary-\(index)")],
                    in: bare)
                let later = after.split(separator: "\n").map(String.init)
                let resumed = later.drop { $0 == "iter8-\(victim)" }
                #expect(!resumed.isEmpty && !resumed.contains("iter8-\(victim)"), "\(key): committed after the kill by \(later)")
            }
        }
        // Every replica did some of the work, and pushes that lost a race were replayed on the new head.
        let authors = Set(commits.compactMap(\.first))
        #expect(authors.isSuperset(of: ["iter8-a", "iter8-b", "iter8-c"]), "\(authors)")
        var replays = 0
        for process in replicas.values {
            let text = (try? String(contentsOf: process.logFile, encoding: .utf8)) ?? ""
            replays += text.components(separatedBy: "push rejected; replaying").count - 1
        }
        let byAuthor = Dictionary(grouping: commits.compactMap(\.first), by: { $0 }).mapValues(\.count)
        if let keep = ProcessInfo.processInfo.environment["ITER8_TEST_KEEP_LOGS"] {  // the replicas' logs, for a look
            try? FileManager.default.copyItem(at: workspace.url, to: URL(fileURLWithPath: keep).appendingPathComponent("shards"))
        }
        print("sharding: killed \(victim) holding \(orphaned.count) unfinished experiments (iterations \(counts)); "
            + "commits by replica \(byAuthor.sorted { $0.key < $1.key }); replayed pushes \(replays)")

        // 4. SIGTERM: the survivors release their shards and exit cleanly.
        for name in survivors { try #require(replicas[name]).signal(SIGTERM) }
        for name in survivors {
            let process = try #require(replicas[name])
            try await Wait.until("\(name) to stop on SIGTERM", timeout: .seconds(30)) { !process.isRunning }
            #expect(process.exitStatus == 0, "\(process.logTail())")
            let text = try String(contentsOf: process.logFile, encoding: .utf8)
            #expect(text.contains("acquired a shard Lease") && text.contains("released a shard Lease"))
        }
        #expect(await holders().allSatisfy(\.isEmpty))
    }
}
