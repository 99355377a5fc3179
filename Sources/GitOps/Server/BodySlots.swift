import Synchronization

/// How many webhook bodies may be read at once; taken without waiting.
final class BodySlots: Sendable {
    private let free: Mutex<Int>

    init(_ count: Int) { free = Mutex(max(1, count)) }

    /// Takes a slot, or returns false when none is free.
    func acquire() -> Bool {
        free.withLock { free in
            guard free > 0 else { return false }
            free -= 1
            return true
        }
    }

    /// Gives a slot back.
    func release() { free.withLock { $0 += 1 } }
}
