import Experiments
import Foundation
import Logging

/// Turns the reconciler's outcomes into notifications and delivers them at least once, from an outbox kept in each
/// experiment's status file.
///
/// 1. While a pass builds its commits, ``outbox(experiment:specRevision:recorded:new:now:)`` gives the outbox the
///    status file holds next: the entries recorded before, minus those delivered or given up on since, plus one entry
///    per configured channel for each outcome of the pass — written in the same commit as the transition, so a crash
///    right after the push loses nothing.
/// 2. After the pass, ``deliver(_:outcomes:)`` sends the pending entries that are due, oldest first, within
///    ``NotificationPolicy/deliveryBudgetSeconds``. A failed send is retried with backoff on the injected clock;
///    an entry that keeps failing is dropped after ``NotificationPolicy/maxAttempts`` sends or
///    ``NotificationPolicy/maxAgeSeconds``, with a log line and a count. Nothing here blocks a rollout: a failure is
///    never an error of the pass.
/// 3. The next status commit leaves out what was delivered. A restart, or another replica taking the experiment's
///    shard, finds the entries not yet acknowledged and sends them again: receivers drop repeats by id.
public actor Notifier {
    /// The channels, by name.
    let channels: [String: any NotificationChannel]
    /// Their names, in the order configured (each outcome gets one entry per channel, in this order).
    let channelNames: [String]
    let policy: NotificationPolicy
    let clock: any ReconcilerClock
    let logger: Logger
    /// The repository's web address for files, e.g. `https://github.com/acme/rollouts/blob/main`.
    let reportBaseURL: String?
    /// How specs' notification tasks run; nil: they are not run (`--spec-notifications` is off).
    let specTasks: SpecTaskSettings?
    /// Experiments whose tasks were not run because ``specTasks`` is nil, logged once each.
    var tasksNotRun: Set<String> = []
    /// Entries (`id|channel`) delivered or dropped, until a pushed status no longer holds them; oldest first.
    var settled: Set<String> = []
    var settledOrder: [String] = []
    /// Failed sends and the time of the next one, per entry, while it is pending (in memory: a restart retries at once).
    var failures: [String: (count: Int, due: Date)] = [:]
    /// The commits that recorded recent outcomes, by `experiment|kind|iteration`.
    var commits: [String: String] = [:]
    var commitOrder: [String] = []
    /// What happened so far.
    public private(set) var counts = NotificationCounts()

    /// The most settled entries remembered (far more than a pass's outboxes hold).
    static let settledMemory = 10_000

    /// Creates a notifier over `channels` (their names must be unique; see ``NotificationSettings``).
    ///
    /// - Parameter reportBaseURL: the repository's web address for files, to which a report's path is appended
    ///   (`https://github.com/acme/rollouts/blob/main` gives `…/blob/main/experiments/canary.report.5480e4b8.md`).
    /// - Parameter specTasks: how specs' `notification/slack` and `notification/http` tasks run; nil: not at all.
    public init(
        channels: [any NotificationChannel], policy: NotificationPolicy = NotificationPolicy(), clock: any ReconcilerClock,
        logger: Logger = Logger(label: "iter8.notify"), reportBaseURL: String? = nil, specTasks: SpecTaskSettings? = nil
    ) {
        var byName: [String: any NotificationChannel] = [:]
        var names: [String] = []
        for channel in channels where byName[channel.name] == nil {
            byName[channel.name] = channel
            names.append(channel.name)
        }
        self.channels = byName
        channelNames = names
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.reportBaseURL = reportBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.specTasks = specTasks
    }

    // MARK: The outbox

    /// The outbox the status written now holds: `recorded` without what was delivered or dropped, with an entry per
    /// channel for each of `new` (the pass's outcomes, oldest first), at most
    /// ``NotificationPolicy/maxEntriesPerExperiment`` (the oldest beyond are dropped). Nil when empty.
    ///
    /// With `tasks`, a start adds an entry for each `start` task and an end one for each `finish` task whose `if`
    /// holds now (channel `spec:<action>:<index>`, with the summary of the experiment at the transition).
    public func outbox(
        experiment: String, specRevision: String?, recorded: [OutboxEntry]?,
        new: [(kind: ExperimentOutcome.Kind, iteration: Int)], now: Date, tasks: SpecTasks? = nil
    ) -> [OutboxEntry]? {
        var entries = (recorded ?? []).filter { !settled.contains(Self.key($0)) }
        var present = Set(entries.map(Self.key))
        for (kind, iteration) in new {
            let notificationKind = NotificationKind(kind)
            let id = NotificationID.make(
                experiment: experiment, kind: notificationKind, iteration: iteration, specRevision: specRevision)
            let text = NotificationText.line(experiment: experiment, kind: kind, iteration: iteration)
            for channel in channelNames {
                let entry = OutboxEntry(
                    id: id, channel: channel, kind: notificationKind.rawValue, iteration: iteration, time: now, text: text)
                guard !settled.contains(Self.key(entry)), present.insert(Self.key(entry)).inserted else { continue }
                entries.append(entry)
            }
            for task in self.tasks(tasks, for: notificationKind, experiment: experiment) {
                let entry = OutboxEntry(
                    id: id, channel: task.channelName, kind: notificationKind.rawValue, iteration: iteration, time: now,
                    text: text, summary: tasks?.summary)
                guard !settled.contains(Self.key(entry)), present.insert(Self.key(entry)).inserted else { continue }
                entries.append(entry)
            }
        }
        if entries.count > policy.maxEntriesPerExperiment {
            for entry in entries.prefix(entries.count - policy.maxEntriesPerExperiment) {
                drop(entry, experiment: experiment, why: "the outbox holds at most \(policy.maxEntriesPerExperiment) entries")
            }
            entries.removeFirst(entries.count - policy.maxEntriesPerExperiment)
        }
        return entries.isEmpty ? nil : entries
    }

    /// The tasks of an experiment that run for a notification of `kind` now.
    func tasks(_ tasks: SpecTasks?, for kind: NotificationKind, experiment: String) -> [NotificationTask] {
        guard let tasks, !tasks.tasks.isEmpty else { return [] }
        let action: NotificationTask.Action
        switch kind {
        case .started: action = .start
        case _ where kind.isEnd: action = .finish
        default: return []
        }
        let due = tasks.tasks.filter { task in
            task.action == action
                && (task.condition?.holds(winner: tasks.summary.winner, candidates: tasks.candidates) ?? true)
        }
        guard specTasks != nil else {
            if !due.isEmpty, tasksNotRun.insert(experiment).inserted {
                logger.warning(
                    "the spec's notification tasks are not run: the service runs without --spec-notifications",
                    metadata: ["experiment": "\(experiment)", "tasks": "\(due.map(\.channelName))"])
            }
            return []
        }
        return due
    }

    // MARK: Delivery

    /// One experiment's pending entries, as its pushed (or unchanged) status file holds them.
    public struct Pending: Sendable {
        /// `namespace/name`.
        public var experiment: String
        /// Its report in the repository.
        public var reportPath: String?
        /// The outbox.
        public var entries: [OutboxEntry]
        /// The object its split lives on, when the spec is at hand (Kubernetes Events are written about it).
        public var routedObject: RoutedObject?
        /// Its spec's notification tasks, when the spec is at hand (nil: entries for tasks wait).
        public var tasks: [NotificationTask]?

        /// Creates the pending entries of one experiment.
        public init(
            experiment: String, reportPath: String?, entries: [OutboxEntry], routedObject: RoutedObject? = nil,
            tasks: [NotificationTask]? = nil
        ) {
            self.experiment = experiment
            self.reportPath = reportPath
            self.entries = entries
            self.routedObject = routedObject
            self.tasks = tasks
        }
    }

    /// Sends the entries of `pending` that are due, oldest first per experiment and channel (a channel that fails
    /// for an experiment gets none of its later entries in this step), until the budget is spent. `outcomes` are
    /// the ones just pushed: they tell the commit that recorded each.
    public func deliver(_ pending: [Pending], outcomes: [ExperimentOutcome] = []) async {
        for outcome in outcomes {
            remember(commit: outcome.commit.hex, for: Self.outcomeKey(
                outcome.experiment, NotificationKind(outcome.kind).rawValue, outcome.iteration))
        }
        let started = ContinuousClock.now
        let budget = Duration.milliseconds(Int64(max(0, policy.deliveryBudgetSeconds) * 1000))
        let now = await clock.now()
        var blocked: Set<String> = []
        for item in pending {
            for entry in item.entries {
                let key = Self.key(entry)
                guard !settled.contains(key) else { continue }
                if now.timeIntervalSince(entry.time) > policy.maxAgeSeconds {
                    drop(entry, experiment: item.experiment, why: "not delivered within \(Int(policy.maxAgeSeconds)) s")
                    continue
                }
                let channel: any NotificationChannel
                switch self.channel(for: entry, of: item) {
                case .found(let found): channel = found
                case .waiting: continue
                case .gone(let why):
                    drop(entry, experiment: item.experiment, why: why)
                    continue
                }
                guard let kind = NotificationKind(rawValue: entry.kind) else {
                    drop(entry, experiment: item.experiment, why: "unknown kind \(entry.kind)")
                    continue
                }
                let lane = item.experiment + "|" + entry.channel
                guard !blocked.contains(lane) else { continue }
                if let failed = failures[key], failed.due > now {
                    blocked.insert(lane)  // the later entries wait for this one: each channel gets them in order
                    continue
                }
                guard ContinuousClock.now - started < budget else {
                    logger.notice("notification budget spent; the rest is sent after the next pass",
                        metadata: ["budget": "\(policy.deliveryBudgetSeconds) s"])
                    return
                }
                let message = notification(entry, kind: kind, of: item)
                do {
                    try await channel.send(message)
                    counts.delivered += 1
                    failures[key] = nil
                    settle(key)
                    logger.debug("notification delivered", metadata: [
                        "experiment": "\(item.experiment)", "channel": "\(entry.channel)", "id": "\(entry.id)", "kind": "\(entry.kind)"])
                } catch {
                    counts.failedSends += 1
                    blocked.insert(lane)
                    let count = (failures[key]?.count ?? 0) + 1
                    if let refused = error as? NotificationError, refused.code == .invalidSettings {
                        drop(entry, experiment: item.experiment, why: "\(refused)")  // no retry can fix it
                        continue
                    }
                    if count >= policy.maxAttempts {
                        drop(entry, experiment: item.experiment,
                            why: "\(count) sends failed, the last: \(error)")
                        continue
                    }
                    let delay = policy.backoff(afterFailures: count)
                    failures[key] = (count, now.addingTimeInterval(delay))
                    logger.warning("notification not delivered; retrying later", metadata: [
                        "experiment": "\(item.experiment)", "channel": "\(entry.channel)", "id": "\(entry.id)",
                        "attempt": "\(count)", "retry in": "\(Int(delay)) s", "error": "\(error)"])
                }
            }
        }
    }

    /// Where an entry goes: a configured channel, or the spec's task it names.
    enum Resolved {
        case found(any NotificationChannel)
        /// A task's entry while the spec is not at hand: it waits (its age bounds it).
        case waiting
        case gone(String)
    }

    func channel(for entry: OutboxEntry, of item: Pending) -> Resolved {
        if let channel = channels[entry.channel] { return .found(channel) }
        guard entry.channel.hasPrefix("spec:") else { return .gone("no channel named \(entry.channel) is configured") }
        guard let specTasks else { return .gone("spec notification tasks are off (--spec-notifications)") }
        guard let tasks = item.tasks else { return .waiting }
        guard let task = tasks.first(where: { $0.channelName == entry.channel }) else {
            return .gone("the spec has no task \(entry.channel) any more")
        }
        let namespace = item.experiment.split(separator: "/", maxSplits: 1).first.map(String.init) ?? "default"
        return .found(specTasks.channel(for: task, namespace: namespace))
    }

    /// The notification an entry stands for.
    func notification(_ entry: OutboxEntry, kind: NotificationKind, of item: Pending) -> Notification {
        Notification(
            id: entry.id, experiment: item.experiment, kind: kind, iteration: entry.iteration,
            commit: commits[Self.outcomeKey(item.experiment, entry.kind, entry.iteration)], time: entry.time,
            text: entry.text, reportPath: item.reportPath,
            reportURL: item.reportPath.flatMap { path in reportBaseURL.map { $0 + "/" + path } },
            routedObject: item.routedObject, summary: entry.summary)
    }

    // MARK: Bookkeeping

    func drop(_ entry: OutboxEntry, experiment: String, why: String) {
        let key = Self.key(entry)
        guard !settled.contains(key) else { return }
        counts.dropped += 1
        failures[key] = nil
        settle(key)
        logger.error("notification dropped", metadata: [
            "experiment": "\(experiment)", "channel": "\(entry.channel)", "id": "\(entry.id)", "kind": "\(entry.kind)",
            "why": "\(why)"])
    }

    func settle(_ key: String) {
        guard settled.insert(key).inserted else { return }
        settledOrder.append(key)
        if settledOrder.count > Self.settledMemory {
            let old = settledOrder.removeFirst()
            settled.remove(old)
        }
    }

    func remember(commit: String, for key: String) {
        if commits.updateValue(commit, forKey: key) == nil { commitOrder.append(key) }
        if commitOrder.count > Self.settledMemory { commits[commitOrder.removeFirst()] = nil }
    }

    static func key(_ entry: OutboxEntry) -> String { entry.id + "|" + entry.channel }

    static func outcomeKey(_ experiment: String, _ kind: String, _ iteration: Int) -> String {
        "\(experiment)|\(kind)|\(iteration)"
    }
}

/// What the notifier did so far, for `/metrics`.
public struct NotificationCounts: Sendable, Hashable {
    /// Notifications a channel accepted.
    public var delivered = 0
    /// Sends that failed (each retry counts).
    public var failedSends = 0
    /// Entries given up on: too many failed sends, too old, the outbox full, or no such channel.
    public var dropped = 0

    /// Zero counts.
    public init() {}
}
