import Foundation

/// Runs work against a wall-clock deadline that holds even when the work does not look at cancellation: past the
/// deadline the work is cancelled and abandoned, and the caller goes on at once (the demo's `--timeout` under load,
/// where one reconciler pass over hundreds of experiments can outlast it).
public enum Deadline {
    /// The deadline passed before the work finished.
    public struct Expired: Error, Sendable, CustomStringConvertible {
        /// What the deadline bounded, e.g. "the experiments did not finish within 20 s".
        public var description: String
    }

    /// The result of `operation`, or ``Expired`` (with `message`) once `deadline` has passed; the operation is then
    /// cancelled, not awaited.
    public static func run<Value: Sendable>(
        until deadline: Date, message: String, _ operation: @escaping @Sendable () async throws -> Value
    ) async -> Result<Value, any Error> {
        let (stream, continuation) = AsyncStream<Result<Value, any Error>>.makeStream(bufferingPolicy: .bufferingOldest(1))
        let work = Task {
            do {
                continuation.yield(.success(try await operation()))
            } catch {
                continuation.yield(.failure(error))
            }
        }
        let timer = Task {
            let seconds = max(0, deadline.timeIntervalSinceNow)
            try? await Task.sleep(for: .milliseconds(Int64((min(seconds, 1e9) * 1000).rounded(.up))))
            continuation.yield(.failure(Expired(description: message)))
        }
        var results = stream.makeAsyncIterator()
        let first = await results.next() ?? .failure(Expired(description: message))
        work.cancel()
        timer.cancel()
        continuation.finish()
        return first
    }
}
