/// Which of `count` shards an experiment belongs to: a stable hash (64-bit FNV-1a of the UTF-8 bytes) of its
/// target, modulo the count. Every replica, every process and every version computes the same shard for the
/// same target, so all experiments of one target fall in one shard and "one running experiment per target"
/// holds inside it. An experiment without a usable target is placed by its key (`namespace/name`).
public struct ShardMap: Sendable, Hashable {
    /// The number of shards, at least 1.
    public let count: Int

    /// A map over `count` shards (at least 1).
    public init(count: Int) {
        self.count = max(1, count)
    }

    /// The shard of `target` (or, when it is nil or empty, of `key`).
    public func shard(target: String?, key: String) -> Int {
        shard(of: target.flatMap { $0.isEmpty ? nil : $0 } ?? key)
    }

    /// The shard of a string: ``fnv1a64(_:)`` modulo ``count``.
    public func shard(of text: String) -> Int {
        Int(Self.fnv1a64(text) % UInt64(count))
    }

    /// 64-bit FNV-1a of `text`'s UTF-8 bytes.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
