import Foundation
import Kubernetes

/// The replicas that take part in shard election, as annotations of one Lease (`<name>-members`): each replica
/// writes `members.iter8.tools/<hash of its identity>: "<identity> <time>"` every retry period. A replica that
/// holds no shard yet is seen this way, so the others give it its share. Whether an entry is fresh is judged
/// as for the shard Leases, by the reader's own clock: an entry is live until it has not changed for the lease
/// duration since the reader first saw it so.
struct ShardRoster: Sendable {
    static let prefix = "members.iter8.tools/"

    /// Entries by annotation key: the identity and the raw value (which changes with every heartbeat).
    var entries: [String: (identity: String, value: String)]

    /// Reads the entries of a members Lease (none when it does not exist).
    init(lease: JSONValue?) {
        var entries: [String: (identity: String, value: String)] = [:]
        for (key, value) in lease?["metadata"]?["annotations"]?.objectValue ?? [:] where key.hasPrefix(Self.prefix) {
            guard let text = value.stringValue, let space = text.lastIndex(of: " ") else { continue }
            entries[key] = (String(text[..<space]), text)
        }
        self.entries = entries
    }

    /// The annotation key of `identity`.
    static func key(of identity: String) -> String {
        prefix + String(ShardMap.fnv1a64(identity), radix: 16)
    }

    /// `identity`'s heartbeat at `date` (or its removal), other entries kept except `stale` ones.
    func written(into lease: JSONValue, identity: String, at date: Date?, dropping stale: Set<String>) -> JSONValue {
        var object = lease
        var metadata = object["metadata"] ?? [:]
        var annotations = metadata["annotations"]?.objectValue ?? [:]
        for key in stale { annotations[key] = nil }
        annotations[Self.key(of: identity)] = date.map { .string("\(identity) \(LeaseRecord.format($0))") }
        metadata["annotations"] = .object(annotations)
        object["metadata"] = metadata
        return object
    }
}
