/// The pure part of shard election: how many shards a replica should hold, and which to take, keep draining or
/// give up, from what it read. ``ShardElector`` carries the decision out on the Leases.
public enum ShardBalance {
    /// This replica's share of `shards` among the `live` replicas (itself included): `shards / n`, one more for
    /// the first `shards % n` identities in sorted order, so the shares of replicas that see the same members
    /// add up to exactly `shards`.
    public static func quota(shards: Int, live: Set<String>, identity: String) -> Int {
        let members = live.union([identity]).sorted()
        let rank = members.firstIndex(of: identity) ?? 0
        return shards / members.count + (rank < shards % members.count ? 1 : 0)
    }

    /// What to do with the shards.
    public struct Plan: Sendable, Hashable {
        /// Held shards to stop working on and release once they have drained.
        public var drain: [Int] = []
        /// Draining shards to keep after all (the share grew again before they were released).
        public var keep: [Int] = []
        /// Free shards to take.
        public var take: [Int] = []
    }

    /// The plan for a replica that holds `held` (those in `draining` already on their way out), sees `free`
    /// shards nobody holds, and should hold `quota`. It gives up the highest-numbered extras first, keeps a
    /// draining shard back before it takes a free one, and takes free shards in an order that differs between
    /// replicas (by `identity`), so two replicas taking at once rarely reach for the same Lease.
    public static func plan(held: Set<Int>, draining: Set<Int>, free: Set<Int>, quota: Int, identity: String) -> Plan {
        var plan = Plan()
        let active = held.subtracting(draining).sorted()
        if active.count > quota {
            plan.drain = Array(active.suffix(active.count - quota))
            return plan
        }
        var missing = quota - active.count
        plan.keep = Array(draining.intersection(held).sorted().prefix(missing))
        missing -= plan.keep.count
        let order = free.subtracting(held).sorted { a, b in
            (ShardMap.fnv1a64("\(identity)#\(a)"), a) < (ShardMap.fnv1a64("\(identity)#\(b)"), b)
        }
        plan.take = Array(order.prefix(max(0, missing)))
        return plan
    }
}
