import Foundation
import Synchronization

/// The most recent requests the API server answered: method, path and query, status, user and time taken.
/// Useful to see what kubectl asks for.
public final class SandboxRequestLog: Sendable {
    /// One answered request.
    public struct Entry: Hashable, Sendable, CustomStringConvertible {
        /// HTTP method.
        public var method: String
        /// Path with query.
        public var uri: String
        /// Response status code.
        public var status: Int
        /// The authenticated user, nil when unauthenticated.
        public var user: String?
        /// Request content type, if any.
        public var contentType: String?
        /// Time from request head to response.
        public var duration: Duration

        /// `GET /api/v1 -> 200 (admin, 0.4 ms)`.
        public var description: String {
            "\(method) \(uri) -> \(status) (\(user ?? "anonymous"), \(duration))"
        }
    }

    private let capacity: Int
    private let storage = Mutex<[Entry]>([])

    init(capacity: Int) { self.capacity = capacity }

    /// The entries, oldest first.
    public var entries: [Entry] { storage.withLock { $0 } }

    /// Forgets every entry.
    public func clear() { storage.withLock { $0.removeAll() } }

    func record(_ entry: Entry) {
        storage.withLock { entries in
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }
}
