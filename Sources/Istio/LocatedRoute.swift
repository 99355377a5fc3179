import Experiments
import Kubernetes

/// A route ``IstioRouter`` located for one experiment, with everything the location was made from: the experiment's
/// routing and versions, the VirtualService as read, its destinations' hosts and the DestinationRules consulted.
/// While all of these are the same, locating again would give the same binding.
struct LocatedRoute: Sendable {
    var routing: RoutingSpec
    var versions: [VersionSpec]
    /// The VirtualService object as read.
    var object: JSONValue
    /// The qualified hosts of its destinations (which rules apply).
    var hosts: [String]
    /// The DestinationRules the location consulted.
    var rules: [DestinationRule]
    var virtualService: VirtualService
    var binding: RouteBinding

    /// Whether this location was made for the same routing and versions from the same version of `object`.
    func holds(routing: RoutingSpec, versions: [VersionSpec], object: JSONValue) -> Bool {
        Self.sameVersion(self.object, object) && self.routing == routing && self.versions == versions
    }

    /// Whether `rules` are the same versions of the same rules, in the same order, as those consulted.
    func consulted(_ rules: [DestinationRule]) -> Bool {
        rules.count == self.rules.count && zip(rules, self.rules).allSatisfy { Self.sameVersion($0.object, $1.object) }
    }

    /// Whether two reads are of one version of one object: the same `metadata.uid` and `metadata.resourceVersion`
    /// when both carry them (the API server gives an object a new `resourceVersion` with every change, and a new
    /// `uid` when it is created again), else equal as a whole.
    static func sameVersion(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let (uidA, versionA) = identity(a), let (uidB, versionB) = identity(b) {
            return uidA == uidB && versionA == versionB
        }
        return a == b
    }

    private static func identity(_ object: JSONValue) -> (uid: String, resourceVersion: String)? {
        let metadata = object["metadata"]
        guard let uid = metadata?["uid"]?.stringValue, !uid.isEmpty,
            let version = metadata?["resourceVersion"]?.stringValue, !version.isEmpty
        else { return nil }
        return (uid, version)
    }
}
