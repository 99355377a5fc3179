import Experiments

extension Reconciler {
    /// With sharding (a ``ShardScope``): `snapshot` reduced to the experiments of the shards this replica holds
    /// now — their specs and their status files. Experiments of other shards are left completely alone: not
    /// advanced, not taken for deleted, their status files not rewritten. Tells the scope which shards the
    /// remaining experiments touch (the fence asks about those), and notes a newly acquired shard as a possible
    /// lapse of supervision. Without sharding, `snapshot` as it is.
    func inHeldShards(_ snapshot: RepositorySnapshot) async -> RepositorySnapshot {
        guard let shards else { return snapshot }
        let grant = await shards.grant()
        if grant.acquiredSinceLastGrant { mayHaveMissedTime = true }
        let map = shards.shardMap
        // One shard per key, whatever the key's files say: the target of its spec (the first by path) when the
        // spec is valid, else the target its status records, else the key itself.
        var byKey: [String: Int] = [:]
        for spec in snapshot.specs.sorted(by: { $0.path < $1.path }) where byKey[spec.key] == nil {
            let target = spec.experiment?.target ?? snapshot.statuses[spec.key]?.status.experiment.target
            byKey[spec.key] = map.shard(target: target, key: spec.key)
        }
        for (key, entry) in snapshot.statuses where byKey[key] == nil {
            byKey[key] = map.shard(target: entry.status.experiment.target, key: key)
        }
        var held = snapshot
        held.specs = snapshot.specs.filter { byKey[$0.key].map(grant.held.contains) ?? false }
        held.statuses = snapshot.statuses.filter { byKey[$0.key].map(grant.held.contains) ?? false }
        let touched = Set(held.specs.compactMap { byKey[$0.key] } + held.statuses.keys.compactMap { byKey[$0] })
        await shards.touching(touched)
        return held
    }
}
