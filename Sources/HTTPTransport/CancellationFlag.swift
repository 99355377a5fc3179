import Synchronization

/// Set once when the task waiting for a transfer is cancelled; read by libcurl's progress callback.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Marks the transfer as cancelled.
    func cancel() { flag.store(true, ordering: .relaxed) }

    /// True once ``cancel()`` was called.
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
