import Foundation
import Synchronization

/// The last answers a ``PrometheusMetricsSource`` received, by query text and evaluation time, so a query repeated
/// within an iteration is sent once. Bounded: the oldest pair is dropped once ``capacity`` are kept, and answers of
/// more than ``maximumSamples`` series are not kept.
final class RecentAnswers: Sendable {
    /// How many (query, time) pairs are kept: an iteration sends a few dozen, several run at once.
    static let capacity = 512

    private struct Key: Hashable {
        var query: String
        var time: Date
    }

    private struct State {
        var answers: [Key: QueryResult] = [:]
        var order: [Key] = []
        var oldest = 0
    }

    private let state = Mutex(State())

    /// The answer kept for `query` at `time`, if any.
    func answer(_ query: String, at time: Date) -> QueryResult? {
        state.withLock { $0.answers[Key(query: query, time: time)] }
    }

    /// The most samples an answer kept may have: a metric's answers are a series or a histogram's buckets; a wider
    /// one (up to the client's 8 MiB) is not kept, so what is kept stays small.
    static let maximumSamples = 1_000

    /// Keeps `result` for `query` at `time`, dropping the oldest pair when full; an answer wider than
    /// ``maximumSamples`` is not kept.
    func keep(_ result: QueryResult, for query: String, at time: Date) {
        if case .vector(let samples) = result, samples.count > Self.maximumSamples { return }
        let key = Key(query: query, time: time)
        state.withLock { state in
            guard state.answers.updateValue(result, forKey: key) == nil else { return }
            if state.order.count < Self.capacity {
                state.order.append(key)
            } else {
                state.answers[state.order[state.oldest]] = nil
                state.order[state.oldest] = key
                state.oldest = (state.oldest + 1) % Self.capacity
            }
        }
    }

    /// How many pairs are kept (tests).
    var count: Int { state.withLock { $0.answers.count } }
}
