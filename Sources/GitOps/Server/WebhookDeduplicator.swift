import Crypto
import Synchronization

/// Remembers the webhook deliveries that woke the loop, so a replayed one does not wake it again.
///
/// A delivery is known by every key it carries — the provider's delivery id (`X-GitHub-Delivery`,
/// `X-Gitlab-Event-UUID`) and the digest of its authenticated body — and counts as seen when any of them was seen:
/// a replay with a fresh delivery id (GitHub does not sign that header) still carries the signed body. Keys are
/// stored as SHA-256 digests, at most `capacity` of them; the oldest are forgotten first.
final class WebhookDeduplicator: Sendable {
    private struct State {
        var seen: Set<[UInt8]> = []
        var order: [[UInt8]] = []
        var next = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The keys of one delivery: `provider:delivery-id` when the header is present, and the body's digest.
    static func keys(provider: String, deliveryID: String?, body: [UInt8]) -> [[UInt8]] {
        var keys = [Array(SHA256.hash(data: Array("body:".utf8) + body))]
        if let deliveryID, !deliveryID.isEmpty {
            keys.append(Array(SHA256.hash(data: Array("\(provider)-delivery:\(deliveryID)".utf8))))
        }
        return keys
    }

    /// True, and the keys remembered, when none of `keys` was seen before; false for a replay.
    func isFirstDelivery(_ keys: [[UInt8]]) -> Bool {
        state.withLock { state in
            guard !keys.contains(where: state.seen.contains) else { return false }
            for key in keys {
                if state.order.count < capacity {
                    state.order.append(key)
                } else {
                    state.seen.remove(state.order[state.next])
                    state.order[state.next] = key
                    state.next = (state.next + 1) % capacity
                }
                state.seen.insert(key)
            }
            return true
        }
    }
}
