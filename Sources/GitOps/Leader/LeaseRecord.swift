import Foundation
import Kubernetes

/// The leader-election fields of a `coordination.k8s.io/v1` Lease's `spec`, as client-go's leader election
/// reads and writes them: who holds it, since when, when it was last renewed, for how long a renewal counts.
public struct LeaseRecord: Hashable, Sendable {
    /// `spec.holderIdentity`; empty when released.
    public var holder: String
    /// `spec.acquireTime`.
    public var acquireTime: Date?
    /// `spec.renewTime`.
    public var renewTime: Date?
    /// `spec.leaseDurationSeconds`.
    public var durationSeconds: Int
    /// `spec.leaseTransitions`.
    public var transitions: Int

    /// Creates a record.
    public init(holder: String, acquireTime: Date?, renewTime: Date?, durationSeconds: Int, transitions: Int) {
        self.holder = holder
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.durationSeconds = durationSeconds
        self.transitions = transitions
    }

    /// Reads a Lease object's `spec` (missing fields: empty holder, no times, duration 0).
    public init(lease: JSONValue) {
        let spec = lease["spec"]
        holder = spec?["holderIdentity"]?.stringValue ?? ""
        acquireTime = spec?["acquireTime"]?.stringValue.flatMap(Self.parse)
        renewTime = spec?["renewTime"]?.stringValue.flatMap(Self.parse)
        durationSeconds = Int(spec?["leaseDurationSeconds"]?.integerValue ?? 0)
        transitions = Int(spec?["leaseTransitions"]?.integerValue ?? 0)
    }

    /// `lease` with this record as its leader-election fields; every other field is kept.
    public func written(into lease: JSONValue) -> JSONValue {
        var object = lease
        var spec = object["spec"] ?? [:]
        spec["holderIdentity"] = .string(holder)
        spec["leaseDurationSeconds"] = .integer(Int64(durationSeconds))
        spec["leaseTransitions"] = .integer(Int64(transitions))
        spec["acquireTime"] = acquireTime.map { .string(Self.format($0)) } ?? .null
        spec["renewTime"] = renewTime.map { .string(Self.format($0)) } ?? .null
        object["spec"] = spec
        return object
    }

    /// Kubernetes `MicroTime`: RFC 3339 with microseconds, in UTC.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = min(999_999, Int(((seconds - whole) * 1_000_000).rounded()))
        let base = Date(timeIntervalSince1970: whole).formatted(.iso8601)  // 2026-11-27T10:00:00Z
        return String(base.dropLast()) + String(format: ".%06dZ", micros)
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
