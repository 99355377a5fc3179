/// What the reconciler asks, with sharding, before it works on experiments: which shards this replica holds
/// now, and — after it picked the experiments — which shards the work touches, so that the ``WriteFence``
/// refuses a write once one of those is no longer held (or about to lapse).
///
/// ``ShardElector`` is the implementation over Kubernetes Leases.
public protocol ShardScope: Sendable {
    /// How experiments map to shards.
    var shardMap: ShardMap { get }
    /// The shards this replica may work on now, and whether it took one since the last grant (its experiments
    /// may have gone unsupervised meanwhile).
    func grant() async -> ShardGrant
    /// The shards whose experiments the work begun after the last ``grant()`` touches.
    func touching(_ shards: Set<Int>) async
}

/// The shards a replica may work on, as ``ShardScope/grant()`` answers.
public struct ShardGrant: Sendable, Hashable {
    /// The shards held with time left.
    public var held: Set<Int>
    /// Whether a shard was acquired since the previous grant.
    public var acquiredSinceLastGrant: Bool

    /// Creates a grant.
    public init(held: Set<Int>, acquiredSinceLastGrant: Bool) {
        self.held = held
        self.acquiredSinceLastGrant = acquiredSinceLastGrant
    }
}
