import Experiments
import Foundation
import Testing

/// Ends that wait for a merged pull/merge request: the machine asks to open one, waits in `AwaitingMerge`, carries
/// the end out once merged, and ends without it once closed unmerged.
@Suite("State machine: ends reviewed in a pull request")
struct StateMachineReviewTests {
    typealias F = StateMachineFixtures
    static let request = ReviewRequest(number: 7, url: "https://forge/pull/7", branch: "iter8/b", state: .open)

    static func at(_ seconds: Double) -> Date { F.t0.addingTimeInterval(seconds) }

    /// A canary run to its promotion of reviews-v2 under `policy`; returns the machine and the actions of the end.
    static func promoted(policy: ReviewPolicy, onTermination: OnTermination = .toWinner) throws
        -> (ExperimentStateMachine, [ExperimentAction])
    {
        var machine = try F.machine(in: .running, experiment: try F.canary(onTermination: onTermination))
        machine.reviewDefault = policy
        _ = machine.handle(.weightsApplied(["reviews-v1": 90, "reviews-v2": 10]), at: at(1))
        var actions: [ExperimentAction] = []
        for iteration in 1...3 {
            actions = machine.handle(.iterationAssessed(F.result(winner: "reviews-v2")), at: at(Double(iteration * 10)))
        }
        #expect(machine.state.phase == .finishing)
        #expect(machine.state.finish?.kind == .promotion)
        return (machine, actions)
    }

    @Test func aReviewedPromotionAsksForARequestAndWaitsInItsOwnPhase() throws {
        var (machine, actions) = try Self.promoted(policy: .promotions)
        let plan = try #require(machine.state.finish)
        #expect(actions == [.openReview(plan)])
        let waiting = machine.handle(.reviewOpened(Self.request), at: Self.at(31))
        #expect(waiting == [.requeue(afterSeconds: 10)])
        #expect(machine.state.phase == .awaitingMerge)
        #expect(machine.state.review == Self.request)
        #expect(machine.state.condition(ConditionType.requestMerged)?.status == "False")
        #expect(machine.state.condition(ConditionType.requestMerged)?.reason == "Open")
        #expect(machine.lastTransition?.to == .awaitingMerge)
        // Time passing reads the request again; open means wait.
        #expect(machine.handle(.timePassed, at: Self.at(41)) == [.checkReview(Self.request)])
        #expect(machine.handle(.reviewObserved(.open), at: Self.at(41)) == [.requeue(afterSeconds: 10)])
        #expect(machine.state.phase == .awaitingMerge)
    }

    @Test func aMergedRequestCarriesTheEndOutAndCompletes() throws {
        var (machine, _) = try Self.promoted(policy: .always)
        let plan = try #require(machine.state.finish)
        _ = machine.handle(.reviewOpened(Self.request), at: Self.at(31))
        #expect(machine.handle(.reviewObserved(.merged), at: Self.at(50)) == [.promote(plan)])
        #expect(machine.state.phase == .finishing)
        #expect(machine.state.review?.state == .merged)
        #expect(machine.state.condition(ConditionType.requestMerged)?.status == "True")
        // A retry of the finish does not ask for another request.
        #expect(machine.handle(.timePassed, at: Self.at(51)) == [.promote(plan)])
        _ = machine.handle(.pushSucceeded(commit: nil), at: Self.at(52))
        #expect(machine.state.phase == .completed)
        #expect(machine.state.weights == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(machine.state.condition(ConditionType.concluded)?.reason == "Pass")
    }

    @Test func aClosedPromotionGoesBackToTheBaselineDirectly() throws {
        var (machine, _) = try Self.promoted(policy: .promotions)
        _ = machine.handle(.reviewOpened(Self.request), at: Self.at(31))
        let actions = machine.handle(.reviewObserved(.closed), at: Self.at(60))
        let plan = try #require(machine.state.finish)
        #expect(plan.kind == .rollback)
        #expect(plan.trigger == .requestClosed)
        #expect(plan.split == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(plan.verdict == .pass)  // the evidence's verdict stays
        #expect(plan.reason.contains("closed unmerged"))
        #expect(actions == [.rollBack(plan)])
        #expect(machine.state.condition(ConditionType.requestMerged)?.reason == "Closed")
        _ = machine.handle(.pushSucceeded(commit: nil), at: Self.at(61))
        #expect(machine.state.phase == .completed)
        #expect(machine.state.condition(ConditionType.rolledBack)?.status == "True")
    }

    @Test func aClosedPromotionKeepsTheLiveSplitWhenTheSpecSaysKeepLast() throws {
        // keep_last never promotes, so its end is a kept split; a user's terminate gives a promotion-like end too.
        var machine = try F.machine(in: .running, experiment: try F.canary(onTermination: .keepLast))
        machine.reviewDefault = .promotions
        _ = machine.handle(.weightsApplied(["reviews-v1": 90, "reviews-v2": 10]), at: Self.at(1))
        let split = ["reviews-v1": 50, "reviews-v2": 50]
        let actions = machine.handle(.manualOverride(ManualOverride(action: .terminate, trafficSplit: split)), at: Self.at(5))
        let plan = try #require(machine.state.finish)
        #expect(plan.kind == .userSplit)
        #expect(actions == [.openReview(plan)])
        _ = machine.handle(.reviewOpened(Self.request), at: Self.at(6))
        let closed = machine.handle(.reviewObserved(.closed), at: Self.at(7))
        let kept = try #require(machine.state.finish)
        #expect(kept.kind == .keepLast)
        #expect(kept.split == ["reviews-v1": 90, "reviews-v2": 10])
        #expect(closed == [.promote(kept)])
    }

    @Test func aClosedRollbackKeepsTheLiveSplit() throws {
        var machine = try F.machine(in: .running)
        machine.reviewDefault = .rollbacks
        _ = machine.handle(.weightsApplied(["reviews-v1": 90, "reviews-v2": 10]), at: Self.at(1))
        let actions = machine.handle(.iterationAssessed(F.result(rollback: "reviews-v2 fails error-rate")), at: Self.at(10))
        let plan = try #require(machine.state.finish)
        #expect(plan.kind == .rollback)
        #expect(actions == [.openReview(plan)])
        _ = machine.handle(.reviewOpened(Self.request), at: Self.at(11))
        _ = machine.handle(.reviewObserved(.closed), at: Self.at(12))
        #expect(machine.state.finish?.kind == .keepLast)
        #expect(machine.state.finish?.split == ["reviews-v1": 90, "reviews-v2": 10])
    }

    @Test func thePolicyDecidesWhichEndsWait() throws {
        let (direct, directActions) = try Self.promoted(policy: .rollbacks)
        #expect(directActions == [.promote(try #require(direct.state.finish))])
        let (never, neverActions) = try Self.promoted(policy: .never)
        #expect(neverActions == [.promote(try #require(never.state.finish))])
        // The spec's field wins over the service's default.
        var experiment = try F.canary()
        experiment.promotion.pullRequest = .never
        var machine = try F.machine(in: .running, experiment: experiment)
        machine.reviewDefault = .always
        #expect(machine.reviewPolicy == .never)
        #expect(ReviewPolicy.promotions.reviews(.keepLast) && !ReviewPolicy.promotions.reviews(.rollback))
        #expect(ReviewPolicy.rollbacks.reviews(.rollback) && !ReviewPolicy.rollbacks.reviews(.promotion))
    }

    @Test func aRequestNotOpenedIsAskedForAgainAndOneFoundMergedAfterARestartIsCarriedOut() throws {
        var (machine, _) = try Self.promoted(policy: .promotions)
        let plan = try #require(machine.state.finish)
        #expect(machine.handle(.reviewFailed(reason: "HTTP 503"), at: Self.at(31)) == [.requeue(afterSeconds: 10)])
        #expect(machine.state.condition(ConditionType.requestMerged)?.reason == "RequestFailed")
        #expect(machine.state.phase == .finishing)
        #expect(machine.handle(.timePassed, at: Self.at(41)) == [.openReview(plan)])
        var merged = Self.request
        merged.state = .merged
        #expect(machine.handle(.reviewOpened(merged), at: Self.at(42)) == [.promote(plan)])
        #expect(machine.state.condition(ConditionType.requestMerged)?.status == "True")
    }

    @Test func theSpecFieldIsValidated() throws {
        for policy in ReviewPolicy.allCases {
            let json = SpecFixtures.canary(specExtra: #""promotion": {"pullRequest": "\#(policy.rawValue)"}"#)
            let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
            #expect(experiment.promotion.pullRequest == policy)
        }
        let absent = try F.canary()
        #expect(absent.promotion.pullRequest == nil)
        let outcome = ExperimentValidator.validate(
            try SpecFixtures.document(SpecFixtures.canary(specExtra: #""promotion": {"pullRequest": "sometimes"}"#)))
        #expect(outcome.experiment == nil)
        let problems = outcome.issues.map { "\($0.path): \($0.message)" }
        #expect(problems.contains { $0.hasPrefix("spec.promotion.pullRequest: expected one of") && $0.contains("sometimes") }, "\(problems)")
    }

    @Test func theRecordedRequestSurvivesTheStatusFile() throws {
        var (machine, _) = try Self.promoted(policy: .promotions)
        _ = machine.handle(.reviewOpened(Self.request), at: Self.at(31))
        let data = try JSONEncoder().encode(machine.state)
        let decoded = try JSONDecoder().decode(ExperimentState.self, from: data)
        #expect(decoded == machine.state)
        #expect(decoded.review == Self.request)
        #expect(decoded.phase == .awaitingMerge)
    }
}
