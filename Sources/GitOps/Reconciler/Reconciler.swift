import Experiments
import Foundation
import Git
import Logging
import YAML

/// The GitOps reconciler: each ``pass()`` reads the branch, advances every experiment through its state
/// machine, carries out the actions in the cluster, and publishes the results as commits — one status
/// commit per pass, and a commit of its own for each promotion or rollback. Nothing is kept only in
/// memory: the committed status files are the checkpoint the next pass (or the next process) resumes from.
public actor Reconciler {
    let repository: any GitRepository
    let configuration: ReconcilerConfiguration
    let clock: any ReconcilerClock
    let logger: Logger
    let runner: ExperimentRunner
    let loader: SnapshotLoader
    let reports: (any ReportRendering)?
    let jitter: @Sendable () -> Double
    /// Asked before every push: a replica whose lease is about to lapse (or that no longer leads) must not push.
    let fence: any WriteFence
    /// With sharding: the shards this replica holds; each pass works only on their experiments (Reconciler+Shards).
    let shards: (any ShardScope)?
    /// The remote head last fetched (or pushed by us).
    var fetchedHead: GitOID?
    /// With a status branch: its head last fetched (or pushed by us); nil while the branch does not exist.
    var statusHead: GitOID?
    /// True until a pass publishes, and again once Git does not answer: experiments may have gone unsupervised
    /// since their status was recorded (see ``ExperimentRunner/Context/mayHaveMissedTime``).
    var mayHaveMissedTime = true
    /// Pushes of the last minute; open when there were too many.
    var breaker: PushBreaker
    /// Where the outcomes of each pushed pass go (notifiers subscribe there).
    let outcomes: any OutcomeSink
    /// Keeps each experiment's notification outbox in its status file and delivers it after each pass (nil: none).
    let notifier: Notifier?
    /// Entries already reported as skipped (logged once each).
    var reportedSkips: Set<String> = []
    /// Set by a graceful shutdown (``requestStop()``).
    let passStop = PassStop()
    /// Experiments whose status this pass changed so far (``ReconcilerConfiguration/maxChangesPerPass``).
    var changedInPass = 0
    /// Experiments the last pass left for the next one because it had made enough changes.
    var passPostponed = 0

    /// Creates a reconciler over a local clone of the repository.
    ///
    /// - Parameters:
    ///   - jitter: a factor for push backoff (default uniform in 0.5…1.5); injected for tests.
    ///   - fence: asked before every push (the leader election's lease; always permits without one).
    ///   - shards: with sharding, the shard Leases this replica holds (nil: every experiment is this replica's).
    ///   - outcomes: receives each pushed pass's ``ExperimentOutcome``s (none listens by default).
    ///   - notifier: notifications from an outbox in the status files (none by default).
    public init(
        repository: any GitRepository, environment: ClusterEnvironment, configuration: ReconcilerConfiguration,
        clock: any ReconcilerClock = SystemClock(), logger: Logger = Logger(label: "iter8.reconciler"),
        reports: (any ReportRendering)? = nil, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.5...1.5) },
        fence: any WriteFence = AlwaysPermit(), shards: (any ShardScope)? = nil, outcomes: any OutcomeSink = NoOutcomeSink(),
        notifier: Notifier? = nil
    ) {
        self.outcomes = outcomes
        self.notifier = notifier
        self.fence = fence
        self.shards = shards
        self.repository = repository
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.reports = reports
        self.jitter = jitter
        runner = ExperimentRunner(environment: environment, configuration: configuration, logger: logger)
        var statusDirectory: String?
        if case .directory(let folder) = configuration.statusLayout { statusDirectory = folder }
        loader = SnapshotLoader(repository: repository, paths: configuration.paths, statusDirectory: statusDirectory)
        breaker = PushBreaker(limit: configuration.maxPushesPerMinute)
    }

    /// Another replica leads for now: when this one leads again, it checks whether experiments went unsupervised
    /// meanwhile, as after a start.
    public func standingBy() {
        mayHaveMissedTime = true
    }

    /// How many spec files have been parsed so far (unchanged blobs are not parsed again).
    public var parsedFileCount: Int { get async { await loader.parseCount } }

    /// One reconcile pass. Never throws: a failure is in the report, and nothing was published then.
    public func pass() async -> PassReport {
        let started = ContinuousClock.now
        var report = await passBody()
        let elapsed = ContinuousClock.now - started
        report.durationSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return report
    }

    func passBody() async -> PassReport {
        var report = PassReport()
        let head: GitOID
        do {
            head = try await poll()
        } catch let rewritten as BranchRewritten {
            // Stop everything, outage actions included, until an operator acknowledges it (BranchHistoryGuard).
            report.failure = PassFailure(stage: .poll, message: "\(rewritten)")
            report.branchRewrite = rewritten
            mayHaveMissedTime = true
            return report
        } catch let unverified as UnverifiedCommit {
            // Stop everything, outage actions included, until the branch verifies again (BranchSignatureGate).
            report.failure = PassFailure(stage: .poll, message: "\(unverified)")
            report.unverifiedCommit = unverified
            mayHaveMissedTime = true
            return report
        } catch {
            report.failure = PassFailure(stage: .poll, message: "\(error)")
            mayHaveMissedTime = true
            report.outageActions = await actDuringGitOutage(now: await clock.now())
            return report
        }
        report.head = head
        let snapshot: RepositorySnapshot
        do {
            snapshot = try await loadSnapshot(at: head)
        } catch {
            report.failure = PassFailure(stage: .read, message: "\(error)")
            return report
        }
        for (path, why) in snapshot.skipped.sorted(by: { $0.key < $1.key }) where reportedSkips.insert(path + why).inserted {
            logger.warning("file not read", metadata: ["path": "\(path)", "why": "\(why)"])
        }
        // At the status files' resolution, so that a status this pass writes equals the one read back from its file.
        let now = YAMLTimestamp.asWritten(await clock.now())
        var steps = await reconcileAll(snapshot, now: now)
        // What the routers keep per experiment (located routes) is kept for the repository's experiments only.
        await runner.environment.router.forgetExperiments(except: Set(snapshot.specs.map(\.key)).union(snapshot.statuses.keys))
        for index in steps.indices {
            if let entry = snapshot.statuses[steps[index].key], entry.path == steps[index].files.status {
                steps[index].recorded = entry.status
            }
        }
        await openReviews(&steps, base: head, now: now)
        for step in steps {
            let new = step.document.iterations.dropFirst(snapshot.statuses[step.key]?.status.iterations.count ?? 0)
            report.iterations += new.count
            report.prometheusQueries += new.reduce(0) { $0 + $1.queries.count }
        }
        for step in steps { for system in step.apiFailures { report.apiFailures[system, default: 0] += 1 } }
        var finals = steps
        do {
            let (published, pushed) = try await publish(steps, base: head, now: now, report: &report)
            finals = published
            mayHaveMissedTime = false  // what this pass decided is recorded
            if !pushed.isEmpty { await outcomes.deliver(pushed) }
            await notify(published, outcomes: pushed)
            await applyRecordedSplits(published, report: &report)
        } catch {
            report.failure = PassFailure(stage: .publish, message: "\(error)")
            // The ends this pass decided are not recorded: their machines hear so, and the next pass decides again.
            for index in finals.indices where finals[index].finish != nil {
                await runner.deliver(.pushRejected, to: &finals[index])
            }
        }
        report.pushBreakerTrips = breaker.trips
        report.pushBreakerOpen = breaker.isOpen
        report.requeueSeconds = passPostponed > 0 ? 0 : finals.compactMap(\.requeueSeconds).min()
        report.experiments = finals.map(summary).sorted { $0.key < $1.key }
        return report
    }

    // MARK: Poll

    func poll() async throws -> GitOID {
        let remote = try await repository.remoteHead(branch: configuration.branch)
        if remote != fetchedHead {
            fetchedHead = try await repository.fetch(branch: configuration.branch)
        }
        try await historyGuard.check(fetchedHead ?? remote)
        try await signatureGate?.check(fetchedHead ?? remote)
        if let name = configuration.statusBranch { _ = try await pollStatusBranch(name) }
        return fetchedHead ?? remote
    }

    // MARK: Reconcile

    func reconcileAll(_ snapshot: RepositorySnapshot, now: Date) async -> [ExperimentStep] {
        let snapshot = await inHeldShards(snapshot)
        let catalog = MetricCatalog(snapshot.metrics)
        var owners: [String: String] = [:]
        // Keys sorted, not (key, status) pairs: a status is a large value to move around a sort.
        let statusKeys = snapshot.statuses.keys.sorted()
        for key in statusKeys {
            guard let entry = snapshot.statuses[key], entry.status.state.phase.ownsTarget else { continue }
            let target = entry.status.experiment.target
            if owners[target] == nil { owners[target] = key }
        }
        // Each spec's queue time looked up once, not at every comparison of the sort.
        let specs = snapshot.specs
        let queuedAt = specs.map { spec in
            snapshot.statuses[spec.key]?.status.state.condition(ConditionType.targetAcquired)?.lastTransitionTime ?? now
        }
        let ordered = specs.indices.sorted { a, b in
            queuedAt[a] != queuedAt[b] ? queuedAt[a] < queuedAt[b] : (specs[a].path, specs[a].key) < (specs[b].path, specs[b].key)
        }.map { specs[$0] }
        // First, in queue order and without I/O (but a rare recovery read): duplicates and invalid specs become steps,
        // valid ones jobs, chained per target so that the target queue is decided in order.
        var results: [(index: Int, step: ExperimentStep)] = []
        var chains: [String: [SpecJob]] = [:]
        var targets: [String] = []
        var seen: [String: String] = [:]
        for (index, spec) in ordered.enumerated() {
            let files = Self.statusFiles(of: spec, in: snapshot, layout: configuration.statusLayout)
            // A status written while the spec never validated holds no experiment yet: start afresh.
            var recorded = snapshot.statuses[spec.key]?.status
            var recovery: String?
            if recorded == nil, let why = snapshot.unreadableStatuses[files.status] {
                // A human broke the service's file: resume from its last readable version, never from scratch.
                if let (status, commit) = await lastReadableStatus(files.status, before: snapshot.statusCommit) {
                    recorded = status
                    recovery = "the status file did not decode (\(why)); resumed from its version at \(commit.short)"
                }
            }
            let context = ExperimentRunner.Context(
                head: snapshot.commit, now: now, metrics: [:], manifestPath: nil, ownsTarget: false, queuedBehind: nil)
            if let other = seen[spec.key] {
                results.append((index, runner.invalid(
                    key: spec.key + "#" + spec.path, name: spec.name, namespace: spec.namespace,
                    errors: [LocatedIssue(file: spec.path, line: 0, column: 0, path: "metadata.name",
                        message: "experiment \(spec.key) is also declared in \(other); names must be unique per namespace",
                        severity: .error)],
                    previous: nil, files: files, specPath: spec.path, context: context)))
                continue
            }
            seen[spec.key] = spec.path
            guard let experiment = spec.experiment else {
                results.append((index, runner.invalid(
                    key: spec.key, name: spec.name, namespace: spec.namespace, errors: spec.errors, previous: recorded,
                    files: files, specPath: spec.path, context: context)))
                continue
            }
            if chains[experiment.target] == nil { targets.append(experiment.target) }
            chains[experiment.target, default: []].append(SpecJob(
                index: index, spec: spec, experiment: experiment, files: files, recorded: recorded, recovery: recovery))
        }
        // Then the chains, several targets at a time (each chain in queue order); a pass past its deadline, or one
        // asked to stop, leaves the rest untouched for the next pass (their status files stay as they are).
        let passStarted = ContinuousClock.now
        let shared = ChainContext(snapshot: snapshot, now: now, mayHaveMissedTime: mayHaveMissedTime, passStarted: passStarted)
        var finalOwners = owners
        var deferred: (count: Int, next: String?) = (0, nil)
        var postponed = 0
        changedInPass = 0
        let frozenChains = chains
        let frozenOwners = owners
        let work: @Sendable (String) async -> ChainResult = { target in
            await self.runChain(frozenChains[target] ?? [], target: target, owner: frozenOwners[target], shared)
        }
        await withTaskGroup(of: ChainResult.self) { group in
            var next = targets.makeIterator()
            for _ in 0..<max(1, configuration.passConcurrency) {
                guard let target = next.next() else { break }
                group.addTask { await work(target) }
            }
            for await chain in group {
                results += chain.steps
                finalOwners[chain.target] = chain.owner
                postponed += chain.postponed
                if let first = chain.deferredNext {
                    deferred = (deferred.count + chain.deferred, min(deferred.next ?? first, first))
                }
                if let target = next.next() { group.addTask { await work(target) } }
            }
        }
        if deferred.count > 0, !stopRequested {
            logger.error(
                "pass deadline reached; the remaining experiments wait for the next pass",
                metadata: ["deadline": "\(configuration.passDeadlineSeconds) s", "next": "\(deferred.next ?? "")",
                    "waiting": "\(deferred.count)"])
        }
        owners = finalOwners
        passPostponed = postponed
        if postponed > 0 {
            logger.debug("experiments postponed to the next pass", metadata: ["postponed": "\(postponed)"])
        }
        var steps = results.sorted { $0.index < $1.index }.map(\.step)
        for key in statusKeys where seen[key] == nil {
            guard let entry = snapshot.statuses[key] else { continue }
            if stopRequested || ContinuousClock.now - passStarted > passDeadline { break }
            let status = entry.status
            let skipped = status.experiment.specPath.flatMap { path in
                snapshot.skipped[path].map { [LocatedIssue(file: path, line: 0, column: 0, path: "", message: "not read: \($0)", severity: .error)] }
            }
            if let path = status.experiment.specPath, let errors = snapshot.unreadableFiles[path] ?? skipped, status.state.phase != .completed {
                // Its file is there but unreadable (a syntax error, another encoding, too large, now a link): invalid
                // and held, not deleted.
                guard let files = StatusLayout.files(statusPath: entry.path) else { continue }
                let context = ExperimentRunner.Context(
                    head: snapshot.commit, now: now, metrics: [:], manifestPath: nil, ownsTarget: false, queuedBehind: nil)
                steps.append(runner.invalid(
                    key: key, name: status.experiment.name, namespace: status.experiment.namespace, errors: errors,
                    previous: status, files: files, specPath: path, context: context))
                continue
            }
            guard status.state.phase != .completed, status.specErrors == nil,
                let revision = status.specRevision.flatMap({ GitOID(hex: $0) }), let path = status.experiment.specPath
            else { continue }
            guard let files = StatusLayout.files(statusPath: entry.path) else { continue }
            let experiment: Experiment
            do {
                guard let found = try await loader.experiment(key: key, path: path, at: revision) else {
                    throw DeletedSpecUnreadable(path: path, revision: revision.short)
                }
                experiment = found
            } catch {
                steps.append(unreadableDeletedSpec(key: key, status: status, files: files, revision: revision, error: error, now: now))
                continue
            }
            var context = ExperimentRunner.Context(
                head: snapshot.commit, now: now, metrics: catalog.resolve(experiment).metrics,
                manifestPath: manifestPath(for: experiment, in: snapshot), ownsTarget: false, queuedBehind: nil)
            context.ownsTarget = owners[experiment.target] == key
            let runner = runner
            let frozenContext = context
            steps.append(await withStepDeadline(key: key, files: files, previous: status) {
                await runner.deleted(experiment, previous: status, files: files, context: frozenContext)
            })
        }
        return steps
    }

    /// The pass's deadline (``ReconcilerConfiguration/passDeadlineSeconds``).
    var passDeadline: Duration { .milliseconds(Int64(configuration.passDeadlineSeconds * 1000)) }

    /// One valid spec to reconcile in this pass.
    struct SpecJob: Sendable {
        var index: Int
        var spec: RepositorySnapshot.SpecEntry
        var experiment: Experiment
        var files: StatusLayout.Files
        var recorded: ExperimentStatus?
        var recovery: String?
    }

    /// What every chain of a pass shares.
    struct ChainContext: Sendable {
        var snapshot: RepositorySnapshot
        var now: Date
        var mayHaveMissedTime: Bool
        var passStarted: ContinuousClock.Instant
    }

    /// What one target's chain produced: its steps (with their queue positions), who owns the target after it,
    /// and how many specs it left for the next pass.
    struct ChainResult: Sendable {
        var target: String
        var steps: [(index: Int, step: ExperimentStep)]
        var owner: String?
        /// Specs left for the next pass by the deadline or a stop, and the first of them.
        var deferred = 0
        var deferredNext: String?
        /// Specs left for the next pass because this one has made ``ReconcilerConfiguration/maxChangesPerPass``.
        var postponed = 0
    }

    /// Reconciles the specs of one target in queue order: the first that owns the target (or may take it) runs,
    /// the others wait behind it; one that completes frees the target for the next in the same pass.
    func runChain(_ jobs: [SpecJob], target: String, owner initialOwner: String?, _ shared: ChainContext) async -> ChainResult {
        var owner = initialOwner
        var steps: [(index: Int, step: ExperimentStep)] = []
        for (position, job) in jobs.enumerated() {
            if stopRequested || ContinuousClock.now - shared.passStarted > passDeadline {
                return ChainResult(
                    target: target, steps: steps, owner: owner, deferred: jobs.count - position, deferredNext: job.spec.key)
            }
            if changedInPass >= configuration.maxChangesPerPass {
                // Enough for one commit: the rest go in the next pass, which comes at once (requeue 0).
                var result = ChainResult(target: target, steps: steps, owner: owner)
                result.postponed = jobs.count - position
                return result
            }
            let spec = job.spec
            let experiment = job.experiment
            let previous = job.recorded.flatMap { $0.experiment.target.isEmpty ? nil : $0 }
            var context = ExperimentRunner.Context(
                head: shared.snapshot.commit, now: shared.now, metrics: [:], manifestPath: nil, ownsTarget: false,
                queuedBehind: nil)
            context.mayHaveMissedTime = shared.mayHaveMissedTime
            context.ownsTarget = owner == nil || owner == spec.key
            context.queuedBehind = owner
            if context.ownsTarget { owner = spec.key }
            context.metrics = spec.metrics
            context.manifestPath = manifestPath(for: experiment, in: shared.snapshot)
            var previousExperiment: Experiment?
            if let previous, let revision = previous.specRevision.flatMap({ GitOID(hex: $0) }) {
                previousExperiment = revision == shared.snapshot.commit
                    ? experiment
                    : try? await loader.experiment(key: spec.key, path: previous.experiment.specPath ?? spec.path, at: revision)
            }
            let runner = runner
            let specPath = spec.path
            let files = job.files
            let frozenContext = context
            let frozenPreviousExperiment = previousExperiment
            var step = await withStepDeadline(key: spec.key, files: files, previous: previous) {
                await runner.reconcile(
                    experiment, previous: previous, previousExperiment: frozenPreviousExperiment, files: files,
                    specPath: specPath, context: frozenContext)
            }
            if let recovery = job.recovery { step.events.insert(recovery, at: 0) }
            if step.status != job.recorded { changedInPass += 1 }
            if step.state.phase == .completed, owner == spec.key { owner = nil }
            steps.append((job.index, step))
        }
        return ChainResult(target: target, steps: steps, owner: owner)
    }

    /// Runs one experiment's step within ``ReconcilerConfiguration/stepDeadlineSeconds``. A step that overruns is
    /// abandoned: the experiment keeps its recorded status with condition `Reconciled` False and the reason, and
    /// the pass goes on with the others. A step that completes clears an earlier such condition.
    func withStepDeadline(
        key: String, files: StatusLayout.Files, previous: ExperimentStatus?,
        _ operation: @escaping @Sendable () async -> ExperimentStep
    ) async -> ExperimentStep {
        let deadline = configuration.stepDeadlineSeconds
        if var step = await StepDeadline.run(
            seconds: deadline, stop: passStop, grace: configuration.shutdownGraceSeconds, operation)
        {
            if step.state.condition(ConditionType.reconciled)?.status == "False" {
                if step.machine != nil {
                    await runner.deliver(.stepCompleted, to: &step)
                } else {
                    let now = YAMLTimestamp.asWritten(await clock.now())
                    step.document.state.setCondition(
                        ConditionType.reconciled, true, reason: "StepCompleted", message: "the last step completed", at: now)
                }
            }
            return step
        }
        if stopRequested {
            // Shutting down: nothing of this step is recorded; the experiment resumes from its status after the restart.
            logger.notice("experiment step abandoned at shutdown", metadata: ["experiment": "\(key)"])
            var step = ExperimentStep(
                key: key, files: files, machine: nil, status: previous ?? Self.placeholderStatus(key, at: Date(timeIntervalSince1970: 0)))
            step.stepFailures.append(.deadlineExceeded)
            step.publishes = false
            return step
        }
        let message = "the reconcile step took longer than \(Int(deadline)) s and was abandoned; the recorded status is kept"
        logger.error("experiment step abandoned", metadata: ["experiment": "\(key)", "deadline": "\(deadline) s"])
        let now = YAMLTimestamp.asWritten(await clock.now())
        var status = previous ?? Self.placeholderStatus(key, at: now)
        status.state.setCondition(ConditionType.reconciled, false, reason: "StepDeadlineExceeded", message: message, at: now)
        var step = ExperimentStep(key: key, files: files, machine: nil, status: status)
        step.events.append(message)
        step.stepFailures.append(.deadlineExceeded)
        step.publishes = previous != nil
        return step
    }

    /// A status for an experiment that has none (a step abandoned before its first status).
    static func placeholderStatus(_ key: String, at now: Date) -> ExperimentStatus {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return ExperimentStatus(
            experiment: ExperimentIdentity(name: parts.last ?? key, namespace: parts.count == 2 ? parts[0] : "default", target: ""),
            specRevision: nil, seed: 0, state: .new(at: now))
    }

    /// Asks the pass in flight (and every later one) to wind down for a graceful shutdown: no experiment is started
    /// any more, steps in flight get ``ReconcilerConfiguration/shutdownGraceSeconds`` and are then abandoned, and
    /// what the pass decided until then is published. Safe to call from any thread.
    public nonisolated func requestStop() {
        passStop.request()
    }

    /// Whether a graceful shutdown asked the reconciler to stop.
    nonisolated var stopRequested: Bool { passStop.isRequested }

    /// Puts the splits this pass recorded on the live routes (cluster mode's write-ahead: recorded first, then
    /// applied). A failure is logged and counted; the next pass restores the recorded split.
    func applyRecordedSplits(_ steps: [ExperimentStep], report: inout PassReport) async {
        for step in steps {
            // What the status now records (an end decided later in the same pass applied its own split already).
            guard step.clusterSplit != nil, step.finish == nil, step.stepFailures.isEmpty, let split = step.state.weights,
                let experiment = step.machine?.experiment
            else { continue }
            let runner = runner
            let applied = await StepDeadline.run(
                seconds: configuration.stepDeadlineSeconds, stop: passStop, grace: configuration.shutdownGraceSeconds
            ) { () async -> ExternalFailure? in
                do {
                    _ = try await runner.bringLive(split, for: experiment)
                    return nil
                } catch {
                    return .of(error, calling: .kubernetes)
                }
            }
            let timedOut = ExternalFailure(
                system: .kubernetes, transient: true, message: "no answer within \(Int(configuration.stepDeadlineSeconds)) s")
            if let failure = applied ?? timedOut {
                report.apiFailures[failure.system, default: 0] += 1
                logger.warning(
                    "recorded split not applied; the next pass restores it",
                    metadata: ["experiment": "\(step.key)", "error": "\(failure)"])
            }
        }
    }

    /// The newest readable version of the status file at `path` in the history before `head` (bounded).
    func lastReadableStatus(_ path: String, before head: GitOID) async -> (ExperimentStatus, GitOID)? {
        guard let commits = try? await repository.log(from: head, limit: 200) else { return nil }
        for commit in commits.dropFirst() {
            guard let data = try? await repository.readFile(path: path, at: commit.id) else { continue }
            if let status = try? StatusFile.read(data, file: path) {
                return (status, commit.id)
            }
        }
        return nil
    }

    func manifestPath(for experiment: Experiment, in snapshot: RepositorySnapshot) -> String? {
        if let path = experiment.promotion.manifest { return path }
        return experiment.routedObject.flatMap(snapshot.manifest(of:))
    }

    /// The files of `spec`: where an earlier version wrote them (no token in the names) when that status file is
    /// there and the layout's is not, so a running experiment's files stay where they are; else the layout's. By
    /// path, not by the experiment's recorded status: that is one file per experiment, and a duplicate spec's
    /// file could stand in for it.
    static func statusFiles(of spec: RepositorySnapshot.SpecEntry, in snapshot: RepositorySnapshot, layout: StatusLayout)
        -> StatusLayout.Files
    {
        let files = layout.files(specPath: spec.path, namespace: spec.namespace, name: spec.name, shared: spec.sharedFile)
        guard !snapshot.statusPaths.contains(files.status) else { return files }
        let legacy = layout.legacyFiles(specPath: spec.path, namespace: spec.namespace, name: spec.name, shared: spec.sharedFile)
        return snapshot.statusPaths.contains(legacy.status) ? legacy : files
    }

    func summary(_ step: ExperimentStep) -> ExperimentSummary {
        // From the step's parts: `step.status` would copy the whole document to set its state, at every use.
        let state = step.state
        let versions = step.machine?.experiment.versions.map(\.name) ?? state.weights.map { $0.keys.sorted() } ?? []
        let weights = state.weights.map { split in versions.map { (version: $0, weight: split[$0] ?? 0) } } ?? []
        let assessment = step.document.iterations.last.map { ExperimentRunner.summary($0.result) }
        return ExperimentSummary(
            key: step.key, statusPath: step.files.status, reportPath: step.files.report, phase: state.phase,
            completedIterations: state.completedIterations, totalIterations: step.machine?.experiment.totalIterations,
            weights: weights, assessment: assessment, finish: state.phase == .completed ? state.finish : nil,
            specErrors: step.document.specErrors ?? [], events: step.events)
    }
}
