import Kubernetes

/// A minimal OpenAPI v3 surface, so `kubectl apply` works without `--validate=false`.
///
/// kubectl asks `/openapi/v3` for each group version and looks for a PATCH operation of the object's kind
/// that takes the `fieldValidation` query parameter; finding one, it leaves validation to the server instead
/// of downloading schemas. The documents have paths but no component schemas: kubectl then computes
/// strategic merge patches for built-in kinds from its compiled-in types, and JSON merge patches for the
/// custom resources (VirtualService, DestinationRule, HTTPRoute). OpenAPI v2 is not served (404).
enum OpenAPIDocuments {
    /// `/openapi/v3`: one entry per served group version.
    static var root: JSONValue {
        var paths: [String: JSONValue] = [:]
        for groupVersion in groupVersions {
            let key = groupVersion.group.isEmpty ? "api/\(groupVersion.version)" : "apis/\(groupVersion.group)/\(groupVersion.version)"
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=iter8-sandbox-1")]
        }
        return ["paths": .object(paths)]
    }

    /// `/openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`, nil when not served.
    static func groupVersion(_ segments: [String]) -> JSONValue? {
        let (group, version): (String, String)
        switch segments.count {
        case 2 where segments[0] == "api": (group, version) = ("", segments[1])
        case 3 where segments[0] == "apis": (group, version) = (segments[1], segments[2])
        default: return nil
        }
        let served = ServedResource.all.filter { $0.group == group && $0.versions.contains(version) }
        guard !served.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        for resource in served {
            let type = resource.type(version)
            let collection = type.path(namespace: resource.namespaced ? "{namespace}" : nil)
            let gvk: JSONValue = [
                "group": .string(group), "version": .string(version), "kind": .string(resource.kind),
            ]
            let operation: JSONValue = [
                "x-kubernetes-group-version-kind": gvk,
                "parameters": [["name": "fieldValidation", "in": "query", "schema": ["type": "string"]]],
                "responses": ["200": ["description": "OK"]],
            ]
            paths[collection] = ["post": operation]
            paths[collection + "/{name}"] = ["patch": operation, "put": operation]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "iter8 Sandbox", "version": "v1.32.0"], "paths": .object(paths),
            "components": ["schemas": [:]],
        ]
    }

    private static var groupVersions: [(group: String, version: String)] {
        var result: [(group: String, version: String)] = []
        for served in ServedResource.all {
            for version in served.versions where !result.contains(where: { $0 == (served.group, version) }) {
                result.append((served.group, version))
            }
        }
        return result
    }
}
