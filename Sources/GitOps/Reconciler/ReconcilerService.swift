import Foundation
import Logging
import ServiceLifecycle

/// The reconcile loop as a service-lifecycle `Service`: a pass, then a wait until the next poll, the
/// earliest time an experiment asked for, or a webhook's trigger. A graceful shutdown ends the wait at
/// once and asks the pass in flight to wind down (``Reconciler/requestStop()``): it starts no further experiment,
/// gives the steps in flight a short grace, and publishes what it decided.
public struct ReconcilerService: Service {
    let reconciler: Reconciler
    let clock: any ReconcilerClock
    let pollIntervalSeconds: Double
    /// The least time between the starts of two passes (see ``ReconcilerConfiguration/minPassIntervalSeconds``).
    let minPassIntervalSeconds: Double
    let trigger: PollTrigger?
    let observer: @Sendable (PassReport) async -> Void
    let leadership: LeaderElector?
    let standby: @Sendable (String?) async -> Void
    let logger: Logger

    /// Creates the loop.
    ///
    /// - Parameters:
    ///   - pollIntervalSeconds: the longest wait between passes, in the clock's seconds.
    ///   - trigger: wakes the loop early (the webhook); with a trigger the wait is in real time.
    ///   - leadership: with leader election, passes run only while this replica leads; meanwhile `standby` is
    ///     called (with the leader's identity, when known) every retry period instead.
    ///   - observer: called after every pass (metrics, health, progress lines).
    public init(
        reconciler: Reconciler, clock: any ReconcilerClock, pollIntervalSeconds: Double, minPassIntervalSeconds: Double = 1,
        trigger: PollTrigger? = nil,
        logger: Logger = Logger(label: "iter8.reconciler"), leadership: LeaderElector? = nil,
        observer: @escaping @Sendable (PassReport) async -> Void = { _ in },
        standby: @escaping @Sendable (String?) async -> Void = { _ in }
    ) {
        self.leadership = leadership
        self.standby = standby
        self.reconciler = reconciler
        self.clock = clock
        self.pollIntervalSeconds = pollIntervalSeconds
        self.minPassIntervalSeconds = max(0, minPassIntervalSeconds)
        self.trigger = trigger
        self.logger = logger
        self.observer = observer
    }

    /// Runs passes until cancelled or shut down gracefully.
    public func run() async throws {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let leadership, await !leadership.isLeader {
                await reconciler.standingBy()
                await standby(await leadership.observedHolder)
                let retry = Duration.milliseconds(Int64(leadership.configuration.retryPeriodSeconds * 1000))
                _ = await cancelWhenGracefulShutdown { try? await Task.sleep(for: retry) }
                continue
            }
            let passStarted = ContinuousClock.now
            let clockStarted = await clock.now()
            // A graceful shutdown during the pass asks it to wind down (Reconciler.requestStop): what it decided by
            // then is published within a few seconds, whatever the number of experiments.
            let report = await withGracefulShutdownHandler {
                await reconciler.pass()
            } onGracefulShutdown: { [reconciler] in
                reconciler.requestStop()
            }
            if let failure = report.failure {
                logger.warning("pass failed", metadata: ["stage": "\(failure.stage.rawValue)", "error": "\(failure.message)"])
                failures += 1
            } else {
                failures = 0
            }
            HeapTrim.release()
            await observer(report)
            var delay = max(0, min(pollIntervalSeconds, report.requeueSeconds ?? pollIntervalSeconds))
            if failures > 0 {
                // Back off after failed passes (1, 2, 4 … seconds, at most the poll interval): no busy loop.
                delay = max(delay, min(pollIntervalSeconds, pow(2, Double(min(failures, 10) - 1))))
            }
            guard !Task.isShuttingDownGracefully else { break }
            _ = await cancelWhenGracefulShutdown { [clock, trigger, delay] in
                if let trigger {
                    if let reason = await trigger.wait(timeout: .milliseconds(Int64(delay * 1000))) {
                        return "triggered: \(reason)"
                    }
                    return "timer"
                }
                try? await clock.sleep(seconds: delay)
                return "timer"
            }
            // The floor: whatever woke the loop (a requeue of 0, a webhook), passes start at most once per floor.
            if trigger != nil {
                let floor = Duration.milliseconds(Int64(minPassIntervalSeconds * 1000))
                let elapsed = ContinuousClock.now - passStarted
                if elapsed < floor {
                    _ = await cancelWhenGracefulShutdown { try? await Task.sleep(for: floor - elapsed) }
                }
            } else {
                let elapsed = await clock.now().timeIntervalSince(clockStarted)
                if elapsed < minPassIntervalSeconds {
                    _ = await cancelWhenGracefulShutdown { [clock, minPassIntervalSeconds] in
                        try? await clock.sleep(seconds: minPassIntervalSeconds - elapsed)
                    }
                }
            }
        }
    }
}
