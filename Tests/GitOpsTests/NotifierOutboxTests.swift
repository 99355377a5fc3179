import Experiments
import Foundation
import Git
import GitOps
import Logging
import Playground
import Testing
import TestSupport

/// The notification outbox on in-memory fakes: entries are written with the transition they report, delivered
/// after the push, acknowledged by a later status commit, retried with backoff on the injected clock while a channel
/// fails (the rollout carries on), dropped past their bounds, and re-sent by a new process with the same ids.
@Suite struct NotifierOutboxTests {
    typealias Harness = ReconcilerUnitHarness

    @Test func everyOutcomeOfACanaryReachesEveryChannelOnceWithAStableID() async throws {
        let slack = RecordingNotificationChannel(name: "slack")
        let webhook = RecordingNotificationChannel(name: "webhook")
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [slack, webhook])
        try await harness.run(is: .completed)
        await harness.step()  // the status commit that records the last acknowledgements
        for channel in [slack, webhook] {
            let kinds = channel.received.map(\.kind)
            #expect(kinds.first == .started, "\(kinds)")
            #expect(kinds.last == .promoted, "\(kinds)")
            #expect(kinds.contains(.weightsChanged))
            #expect(Set(channel.received.map(\.id)).count == channel.received.count, "no repeats without a restart")
        }
        #expect(slack.received.map(\.id) == webhook.received.map(\.id), "one id per notification, whatever the channel")
        let promoted = try #require(slack.received.last)
        #expect(promoted.experiment == Harness.key)
        #expect(promoted.text.contains("reviews-v2 promoted"), "\(promoted.text)")
        #expect(promoted.reportPath == StatusPaths.report("experiments/reviews-canary"))
        #expect(promoted.reportURL == "https://git.example.com/blob/main/\(StatusPaths.report("experiments/reviews-canary"))")
        // The commit is the promotion commit that recorded the end.
        #expect(promoted.commit == harness.commits("promotion").first?.id.hex)
        #expect(try harness.status().outbox == nil, "every entry acknowledged in a later status commit")
        #expect(await harness.notifier?.counts.delivered == slack.received.count * 2)
    }

    @Test func theEntriesAreInTheSameCommitAsTheirTransition() async throws {
        let channel = RecordingNotificationChannel(name: "webhook")
        channel.refuse(true)
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [channel])
        await harness.step()
        let status = try harness.status()
        let outbox = try #require(status.outbox)
        #expect(outbox.map(\.kind).first == "started", "\(outbox)")
        #expect(outbox.allSatisfy { $0.channel == "webhook" })
        #expect(outbox.first?.id == NotificationID.make(
            experiment: Harness.key, kind: .started, iteration: 0, specRevision: status.specRevision))
    }

    @Test func aFailingChannelIsRetriedWithBackoffAndNeverHoldsTheRolloutUp() async throws {
        let channel = RecordingNotificationChannel(name: "webhook")
        channel.refuse(true)
        let policy = NotificationPolicy(maxAttempts: 100, maxAgeSeconds: 100_000, backoffSeconds: 30, maxBackoffSeconds: 60)
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [channel], policy: policy)
        await harness.step(0)
        #expect(channel.attempts == 1)
        await harness.step(10)  // 10 s later: not due (30 s backoff)
        #expect(channel.attempts == 1)
        await harness.step(25)  // 35 s after the failure: due again
        #expect(channel.attempts == 2)
        // The rollout carries on to its end while the receiver is down.
        try await harness.run(is: .completed)
        let pending = try #require(try harness.status().outbox)
        #expect(pending.map(\.kind).last == "promoted")
        channel.refuse(false)
        await harness.step(60)
        await harness.step(60)
        #expect(channel.received.map(\.kind).first == .started)
        #expect(channel.received.map(\.kind).last == .promoted)
        #expect(Set(channel.received.map(\.id)).count == pending.count)
        #expect(try harness.status().outbox == nil)
    }

    @Test func anEntryThatKeepsFailingIsDroppedAndCounted() async throws {
        let channel = RecordingNotificationChannel(name: "webhook")
        channel.refuse(true)
        let policy = NotificationPolicy(maxAttempts: 2, backoffSeconds: 1, maxBackoffSeconds: 1)
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [channel], policy: policy)
        await harness.step(0)
        await harness.step(10)
        #expect(await harness.notifier?.counts.dropped ?? 0 >= 1)
        await harness.step(10)
        let outbox = try harness.status().outbox ?? []
        let started = NotificationID.make(
            experiment: Harness.key, kind: .started, iteration: 0, specRevision: try harness.status().specRevision)
        #expect(!outbox.contains { $0.id == started }, "the dropped entry left the status file")
    }

    @Test func anEntryOlderThanItsBoundIsDropped() async throws {
        let channel = RecordingNotificationChannel(name: "webhook")
        channel.refuse(true)
        let policy = NotificationPolicy(maxAttempts: 1000, maxAgeSeconds: 60, backoffSeconds: 1, maxBackoffSeconds: 1)
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [channel], policy: policy)
        await harness.step(0)
        await harness.step(120)
        #expect(await harness.notifier?.counts.dropped ?? 0 >= 1)
    }

    @Test func theOutboxIsBounded() async throws {
        let channel = RecordingNotificationChannel(name: "webhook")
        channel.refuse(true)
        let policy = NotificationPolicy(maxAttempts: 1000, maxAgeSeconds: 100_000, maxEntriesPerExperiment: 2)
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [channel], policy: policy)
        try await harness.run(is: .completed)
        let outbox = try #require(try harness.status().outbox)
        #expect(outbox.count == 2)
        #expect(outbox.last?.kind == "promoted", "the newest are kept")
        #expect(await harness.notifier?.counts.dropped ?? 0 > 0)
    }

    @Test func aNewProcessResendsWhatWasNotAcknowledgedWithTheSameIDs() async throws {
        let first = RecordingNotificationChannel(name: "webhook")
        first.refuse(true)
        let harness = Harness(files: [Harness.path: Harness.spec()], channels: [first])
        try await harness.run(is: .completed)
        let pending = try #require(try harness.status().outbox)

        // Another process (a restart, or another replica) on the same origin, with a receiver that answers.
        let second = RecordingNotificationChannel(name: "webhook")
        var logger = Logger(label: "iter8.notify-restart")
        logger.logLevel = .critical
        let notifier = Notifier(channels: [second], clock: harness.clock, logger: logger)
        let reconciler = Reconciler(
            repository: InMemoryGitRepository(origin: harness.origin),
            environment: ClusterEnvironment(
                router: harness.router, metrics: harness.metrics, readiness: harness.readiness,
                manifests: StandardRouting.plugins.map(\.manifests)),
            configuration: Harness.configuration, clock: harness.clock, logger: logger, reports: ReportRenderer(),
            jitter: { 1 }, notifier: notifier)
        harness.clock.advance(seconds: 10)
        _ = await reconciler.pass()
        #expect(second.received.map(\.id) == pending.map(\.id))
        #expect(second.received.map(\.kind.rawValue) == pending.map(\.kind))
        harness.clock.advance(seconds: 10)
        _ = await reconciler.pass()
        #expect(try harness.status().outbox == nil)
        #expect(second.received.count == pending.count, "acknowledged entries are not sent again")
    }
}
