import Foundation

extension ExperimentStateMachine {
    // MARK: Length: early ends, extension, inconclusive

    /// Whether the iteration just counted ends the experiment, by `spec.duration.mode` and the engine's
    /// ``ExperimentDecision``:
    /// - adaptive: a failed call ends at once towards the baseline (`objectiveFailed`); a winner ends after
    ///   `minIterations` (`completed`); an undecided call extends past the planned iterations up to
    ///   `maxIterations` while a decision is within reach (``projectedRequests(_:after:at:)``), then ends
    ///   `inconclusive` with the sample size a decision would have needed;
    /// - fixed (and results without a decision): the end comes after the planned iterations; an undecided call
    ///   then ends `inconclusive` instead of an unexplained rollback, a failed one with the verdict `fail`.
    mutating func end(after result: AnalysisResult, at now: Date) -> [ExperimentAction]? {
        let done = state.completedIterations
        let duration = experiment.duration
        let decision = result.decision
        if duration.mode == .adaptive, let decision {
            switch decision.outcome {
            case .failed:
                return finish(.objectiveFailed, reason: decision.reason, at: now)
            case .winner where done >= duration.minIterations:
                let early = done < duration.plannedIterations ? "decided early: \(duration.plannedIterations) planned" : "decided"
                return finish(
                    .completed, reason: "\(decision.reason) (\(early), at most \(duration.maxIterations))", at: now)
            case .winner:
                return done >= duration.maxIterations ? finish(.completed, at: now) : nil
            case .undecided:
                if done >= duration.maxIterations {
                    return finish(.inconclusive, reason: inconclusive(decision, result, after: done), at: now)
                }
                // Extend past the plan only while a decision is within reach by maxIterations.
                if done >= duration.minIterations, let projected = projectedRequests(result, after: done, at: now),
                    let needed = decision.requiredRequests, 4 * projected < needed
                {
                    let reason = inconclusive(decision, result, after: done)
                        + "; at the current traffic the candidate would have about \(Self.count(projected)) by iteration "
                        + "\(duration.maxIterations), so the experiment is not extended"
                    return finish(.inconclusive, reason: reason, at: now)
                }
                return nil
            }
        }
        guard done >= duration.plannedIterations else { return nil }
        let undecided = decision.map { $0.outcome == .undecided } ?? !result.winner.found
        if undecided && experiment.promotion.onTermination == .toWinner {
            let call = decision ?? ExperimentDecision(outcome: .undecided, reason: result.winner.reason)
            return finish(.inconclusive, reason: inconclusive(call, result, after: done), at: now)
        }
        // A Conformance baseline that fails has no winner, yet the evidence decided.
        return finish(.completed, verdict: decision?.outcome == .failed ? .fail : nil, at: now)
    }

    /// The requests the most-served candidate (the baseline for Conformance) would have by `maxIterations` if it
    /// got `maxCandidateWeight` of the traffic seen so far per interval from now on: an optimistic projection, so
    /// that only an experiment that cannot decide in time stops extending.
    func projectedRequests(_ result: AnalysisResult, after iterations: Int, at now: Date) -> Double? {
        let counts = result.versions.map { $0.requestCount ?? 0 }
        guard let started = state.startedAt, let served = result.versions.count > 1 ? counts.dropFirst().max() : counts.first
        else { return nil }
        // Per interval of time, not per counted iteration: iterations held for lack of data took time too.
        let intervals = max(1, now.timeIntervalSince(started) / Double(interval))
        let perInterval = counts.reduce(0, +) / intervals
        let share = experiment.routing == .none ? 1 : Double(experiment.weightCaps.maxCandidateWeight) / 100
        let remaining = Double(max(0, experiment.duration.maxIterations - iterations))
        return served + perInterval * share * remaining
    }

    /// The sentence for an inconclusive end: what was open, and the requests per version a decision would have
    /// needed, next to what the versions had.
    func inconclusive(_ decision: ExperimentDecision, _ result: AnalysisResult, after iterations: Int) -> String {
        var sentence = "inconclusive after \(iterations) iterations: \(decision.reason)"
        let served = result.versions.dropFirst().compactMap(\.requestCount).max() ?? result.versions.first?.requestCount
        if let needed = decision.requiredRequests {
            sentence += "; a decision needs about \(Self.count(needed)) requests per version"
            if let served { sentence += " (\(Self.count(served)) so far)" }
        }
        return sentence
    }

    /// A whole count for people: 12,345.
    static func count(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        return Int(min(value, 1e15).rounded()).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}
