import Synchronization

/// A flag set once from a timer task and read by the task it bounds.
final class ExpiryFlag: Sendable {
    private let value = Atomic(false)
    /// Sets the flag.
    func set() { value.store(true, ordering: .releasing) }
    /// Whether it was set.
    var isSet: Bool { value.load(ordering: .acquiring) }
}
