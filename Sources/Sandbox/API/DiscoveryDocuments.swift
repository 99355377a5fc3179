import Kubernetes

/// The discovery documents kubectl and clients read: `/version`, `/api`, `/apis`, `/apis/<group>` and the
/// `APIResourceList` of each group version. Aggregated discovery (`apidiscovery.k8s.io/v2`) is declined by
/// answering these plain forms, which clients accept as a fallback.
enum DiscoveryDocuments {
    /// `/version`.
    static let version: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "iter8-sandbox", "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc", "platform": "linux/amd64",
    ]

    /// `/api`.
    static func coreVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    /// `/apis`.
    static var groupList: JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(ServedResource.groups.map { groupBody($0.name, $0.versions) })]
    }

    /// `/apis/<group>`, nil for a group the Sandbox does not serve.
    static func group(_ name: String) -> JSONValue? {
        guard let group = ServedResource.groups.first(where: { $0.name == name }) else { return nil }
        var body = groupBody(group.name, group.versions)
        body["kind"] = "APIGroup"
        body["apiVersion"] = "v1"
        return body
    }

    /// `/api/<version>` or `/apis/<group>/<version>`, nil when that group version is not served.
    static func resourceList(group: String, version: String) -> JSONValue? {
        let served = ServedResource.all.filter { $0.group == group && $0.versions.contains(version) }
        guard !served.isEmpty else { return nil }
        let resources: [JSONValue] = served.map { resource in
            var entry: [String: JSONValue] = [
                "name": .string(resource.resource), "singularName": .string(resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                "verbs": .array(resource.verbs.map(JSONValue.string)),
            ]
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
            if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
            return .object(entry)
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources),
        ]
    }

    private static func groupBody(_ name: String, _ versions: [String]) -> JSONValue {
        let entries: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(entries), "preferredVersion": entries[0]]
    }
}
