import Foundation
import Kubernetes

extension ShardElector {
    /// One try: read the Leases, write this replica's heartbeat, renew what it keeps, release what has drained,
    /// take free shards up to its share. Returns the shards held after it. A failed read changes nothing (the
    /// renew deadline then runs out); a failed write affects only its own Lease.
    @discardableResult
    public func tryBalance() async -> Set<Int> {
        let at = now()
        let items: [JSONValue]
        do {
            items = try await client.list(.lease, namespace: namespace, labelSelector: configuration.labelSelector)
        } catch {
            logger.warning("cannot list the shard Leases", metadata: ["namespace": "\(namespace)", "error": "\(error)"])
            return settle()
        }
        var leases: [Int: JSONValue] = [:]
        var members: JSONValue?
        for item in items {
            guard let name = item["metadata"]?["name"]?.stringValue else { continue }
            if name == configuration.membersLeaseName {
                members = item
            } else if let index = shardIndex(name) {
                leases[index] = item
            }
        }
        var live = await heartbeat(members, at: at)
        var mine: Set<Int> = []
        var free: Set<Int> = []
        for index in 0..<configuration.shards {
            guard let lease = leases[index] else {
                observed[index] = nil
                free.insert(index)
                continue
            }
            let record = LeaseRecord(lease: lease)
            if observed[index]?.record != record { observed[index] = (record, at) }
            if record.holder == configuration.identity {
                mine.insert(index)
            } else if isFree(record, since: observed[index]?.at ?? at, at: at) {
                free.insert(index)
            } else {
                live.insert(record.holder)
            }
        }
        // Held in our view but no longer ours on the server: taken over.
        holdings.withLock { holdings in
            for shard in holdings.renewed.keys where !mine.contains(shard) {
                holdings.renewed[shard] = nil
                holdings.draining[shard] = nil
            }
        }
        liveReplicas = live.union([configuration.identity])
        let quota = ShardBalance.quota(shards: configuration.shards, live: live, identity: configuration.identity)
        let draining = holdings.withLock { Set($0.draining.keys) }
        var plan = ShardBalance.plan(held: mine, draining: draining, free: free, quota: quota, identity: configuration.identity)
        if !announced {
            announced = true
            plan.take = []
        }
        holdings.withLock { holdings in
            for shard in plan.drain { holdings.draining[shard] = at }
            for shard in plan.keep { holdings.draining[shard] = nil }
        }
        for shard in plan.drain {
            logger.notice("giving up a shard", metadata: [
                "lease": "\(configuration.leaseName(shard: shard))", "share": "\(quota)", "replicas": "\(liveReplicas.count)"])
        }
        for shard in mine.sorted() {
            guard let lease = leases[shard] else { continue }
            let drainingSince = holdings.withLock { $0.draining[shard] }
            if let drainingSince, at.timeIntervalSince(drainingSince) >= configuration.drainSeconds {
                await release(shard, lease: lease)
            } else {
                await write(shard, lease: lease, at: at, taking: false)
            }
        }
        for shard in plan.take {
            await write(shard, lease: leases[shard], at: at, taking: true)
        }
        return settle()
    }

    /// Gives up every shard held (an empty holder) and leaves the members Lease.
    public func releaseAll() async {
        let shards = holdings.withLock { holdings in
            defer { holdings = Holdings() }
            return Set(holdings.renewed.keys)
        }
        for shard in shards.sorted() {
            guard let lease = try? await client.get(.lease, namespace: namespace, name: configuration.leaseName(shard: shard))
            else { continue }
            await release(shard, lease: lease)
        }
        if let members = try? await client.get(.lease, namespace: namespace, name: configuration.membersLeaseName) {
            let roster = ShardRoster(lease: members)
            _ = try? await client.update(
                .lease, namespace: namespace,
                object: roster.written(into: members, identity: configuration.identity, at: nil, dropping: []))
        }
        _ = settle()
    }

    // MARK: Writes

    /// Renews (or, `taking`, acquires) shard `shard`'s Lease — creating it when `lease` is nil.
    func write(_ shard: Int, lease: JSONValue?, at: Date, taking: Bool) async {
        let name = configuration.leaseName(shard: shard)
        do {
            if let lease {
                var record = LeaseRecord(lease: lease)
                if record.holder != configuration.identity {
                    if !record.holder.isEmpty || record.acquireTime != nil { record.transitions += 1 }
                    record.holder = configuration.identity
                    record.acquireTime = at
                }
                record.renewTime = at
                record.durationSeconds = configuration.leaseDurationSeconds
                _ = try await client.update(.lease, namespace: namespace, object: record.written(into: lease))
                observed[shard] = (record, at)
            } else {
                let record = LeaseRecord(
                    holder: configuration.identity, acquireTime: at, renewTime: at,
                    durationSeconds: configuration.leaseDurationSeconds, transitions: 0)
                _ = try await client.create(.lease, namespace: namespace, object: record.written(into: emptyLease(name)))
                observed[shard] = (record, at)
            }
            let wasHeld = holdings.withLock { holdings in
                defer { holdings.renewed[shard] = at }
                return holdings.renewed[shard].map { at.timeIntervalSince($0) < configuration.renewDeadlineSeconds } ?? false
            }
            if !wasHeld { acquiredSinceGrant = true }
        } catch let error as KubeError where error.code == .conflict {
            // Another replica wrote first: it took the shard (or renewed it), so it is not ours.
            if !taking {
                holdings.withLock { holdings in
                    holdings.renewed[shard] = nil
                    holdings.draining[shard] = nil
                }
            }
        } catch {
            logger.warning("cannot write a shard Lease", metadata: ["lease": "\(namespace)/\(name)", "error": "\(error)"])
        }
    }

    /// Releases shard `shard`'s Lease (an empty holder) if it is still ours.
    func release(_ shard: Int, lease: JSONValue) async {
        holdings.withLock { holdings in
            holdings.renewed[shard] = nil
            holdings.draining[shard] = nil
        }
        var record = LeaseRecord(lease: lease)
        guard record.holder == configuration.identity else { return }
        record.holder = ""
        record.renewTime = nil
        record.acquireTime = nil
        let name = configuration.leaseName(shard: shard)
        do {
            _ = try await client.update(.lease, namespace: namespace, object: record.written(into: lease))
            logger.notice("released a shard Lease", metadata: ["lease": "\(namespace)/\(name)"])
        } catch {
            logger.warning("cannot release a shard Lease", metadata: ["lease": "\(namespace)/\(name)", "error": "\(error)"])
        }
    }

    /// Writes this replica's heartbeat into the members Lease (creating it; on a conflict read again, up to
    /// three times) and returns the members whose entries are fresh, this one included.
    func heartbeat(_ members: JSONValue?, at: Date) async -> Set<String> {
        var lease = members
        var live: Set<String> = [configuration.identity]
        for attempt in 1...3 {
            let roster = ShardRoster(lease: lease)
            var stale: Set<String> = []
            live = [configuration.identity]
            for (key, entry) in roster.entries {
                if observedMembers[key]?.value != entry.value { observedMembers[key] = (entry.value, at) }
                let since = at.timeIntervalSince(observedMembers[key]?.at ?? at)
                if since < Double(configuration.leaseDurationSeconds) {
                    live.insert(entry.identity)
                } else if since >= 2 * Double(configuration.leaseDurationSeconds) {
                    stale.insert(key)  // long gone: tidy the Lease
                }
            }
            for key in observedMembers.keys where roster.entries[key] == nil { observedMembers[key] = nil }
            do {
                if let current = lease {
                    _ = try await client.update(
                        .lease, namespace: namespace,
                        object: roster.written(into: current, identity: configuration.identity, at: at, dropping: stale))
                } else {
                    _ = try await client.create(
                        .lease, namespace: namespace,
                        object: roster.written(
                            into: emptyLease(configuration.membersLeaseName), identity: configuration.identity, at: at,
                            dropping: []))
                }
                return live
            } catch let error as KubeError where (error.code == .conflict) && attempt < 3 {
                lease = try? await client.get(.lease, namespace: namespace, name: configuration.membersLeaseName)
            } catch {
                logger.warning(
                    "cannot write the members Lease",
                    metadata: ["lease": "\(namespace)/\(configuration.membersLeaseName)", "error": "\(error)"])
                return live
            }
        }
        return live
    }

    // MARK: Helpers

    func emptyLease(_ name: String) -> JSONValue {
        [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "labels": .object([Self.groupLabel: .string(configuration.name)]),
            ],
        ]
    }

    func shardIndex(_ leaseName: String) -> Int? {
        let prefix = configuration.name + "-shard-"
        guard leaseName.hasPrefix(prefix), let index = Int(leaseName.dropFirst(prefix.count)),
            (0..<configuration.shards).contains(index)
        else { return nil }
        return index
    }

    /// Whether `record`, unchanged since `since` (local time), is free at `date`: released, never renewed, or
    /// not renewed for its duration.
    func isFree(_ record: LeaseRecord, since: Date, at date: Date) -> Bool {
        guard !record.holder.isEmpty, record.renewTime != nil else { return true }
        return date.timeIntervalSince(since) >= Double(record.durationSeconds)
    }

    /// Logs the shards taken and lost since the last try; returns the shards held.
    func settle() -> Set<Int> {
        let held = heldShards
        for shard in held.subtracting(lastHeld).sorted() {
            logger.notice("acquired a shard Lease", metadata: [
                "lease": "\(namespace)/\(configuration.leaseName(shard: shard))", "identity": "\(configuration.identity)",
                "holding": "\(held.count)"])
        }
        for shard in lastHeld.subtracting(held).sorted() {
            logger.notice("stopped working on a shard", metadata: [
                "lease": "\(namespace)/\(configuration.leaseName(shard: shard))", "holding": "\(held.count)"])
        }
        lastHeld = held
        return held
    }
}
