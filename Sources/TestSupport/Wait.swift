import Foundation

/// Bounded waiting on a condition: the only way tests synchronise with servers and background work.
public enum Wait {
    /// Polls `condition` every `interval` until it holds, or throws once `timeout` has passed.
    ///
    /// The timeout only bounds a failure, so the default is generous: on a 2-core runner where the whole suite
    /// runs in parallel, servers start and answer seconds later than on a quiet machine.
    public static func until(
        _ what: @autoclosure () -> String, timeout: Duration = .seconds(60), interval: Duration = .milliseconds(20),
        _ condition: () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if try await condition() { return }
            if clock.now >= deadline { throw TestSupportError("timed out after \(timeout) waiting for \(what())") }
            try await Task.sleep(for: interval)
        }
    }

    /// Waits until a TCP listener accepts connections on `127.0.0.1:port`.
    public static func forPort(_ port: Int, timeout: Duration = .seconds(60)) async throws {
        try await until("a listener on 127.0.0.1:\(port)", timeout: timeout) { FreePort.isListening(port) }
    }
}
