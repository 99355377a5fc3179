import Dispatch
import Synchronization

/// Reads a fuzzer's bytes as a few choices followed by payload: the first bytes pick among fixed options (a status
/// code, a route, a provider…) and the rest is the text under test. Running out of bytes gives the first option,
/// so every input, however short, is a valid case.
struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    init(_ data: UnsafeRawPointer?, _ count: Int) {
        bytes = data.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    }

    /// The next byte, or 0 when the input is used up.
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// One of `options`, chosen by the next byte.
    mutating func choose<T>(_ options: [T]) -> T { options[Int(byte()) % options.count] }

    /// Every byte not read yet.
    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return position < bytes.count ? Array(bytes[position...]) : []
    }

    /// The unread bytes split at NUL bytes into at most `limit` parts (at least one, possibly empty), so one input
    /// can carry several response bodies in turn.
    mutating func parts(limit: Int) -> [[UInt8]] {
        let split = rest().split(separator: 0, maxSplits: limit - 1, omittingEmptySubsequences: false).map(Array.init)
        return split.isEmpty ? [[]] : split
    }
}

/// Runs `operation` on the concurrency pool and blocks this (libFuzzer's) thread until it returns: the harness
/// thread is not a pool thread, so waiting here never starves the pool.
func runBlocking<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Box<T>()
    Task {
        let value = await operation()
        result.set(value)
        done.signal()
    }
    done.wait()
    return result.take()
}

/// A value handed from the task back to the waiting thread.
final class Box<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    func set(_ newValue: T) { value.withLock { $0 = newValue } }
    func take() -> T { value.withLock { $0! } }
}

/// A request counter shared by a scripted transport's calls.
final class Counter: Sendable {
    private let value = Mutex(0)
    /// The current count, then adds one.
    func next() -> Int { value.withLock { count in defer { count += 1 }; return count } }
}
