import Foundation
import Kubernetes
import YAML

/// Loads Kubernetes manifests (multi-document YAML files, or folders of `.yaml`/`.yml` files) into a
/// ``SandboxStore``, as `kubectl apply` would: Namespaces first, then every other object in file order;
/// an object that exists already is replaced.
public enum SandboxManifests {
    /// Reads every manifest under `paths` and writes its objects into `store`; returns the objects applied
    /// as `Kind namespace/name`.
    ///
    /// - Throws: ``SandboxError`` (`manifest` for an unreadable file, a YAML error or an unknown kind, with the
    ///   file and document; `apply` when the store refuses an object).
    @discardableResult
    public static func apply(paths: [String], to store: SandboxStore) async throws -> [String] {
        var objects: [(object: JSONValue, origin: String)] = []
        for file in try files(paths) {
            objects += try parse(file)
        }
        let ordered = objects.filter { $0.object["kind"]?.stringValue == "Namespace" }
            + objects.filter { $0.object["kind"]?.stringValue != "Namespace" }
        var applied: [String] = []
        for (object, origin) in ordered {
            applied.append(try await apply(object, origin: origin, to: store))
        }
        return applied
    }

    /// The manifest files named by `paths`: files as given, folders searched recursively, sorted.
    static func files(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SandboxError(.manifest, "no such file or folder: \(path)")
            }
            guard isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            result += found.sorted()
        }
        return result
    }

    static func parse(_ file: String) throws -> [(object: JSONValue, origin: String)] {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SandboxError(.manifest, "cannot read \(file)", cause: error)
        }
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser().parseStream(text, file: file)
        } catch {
            throw SandboxError(.manifest, "cannot parse \(file)", cause: error)
        }
        return documents.compactMap { document in
            let object = JSONValue(manifest: document.root)
            guard case .object = object else { return nil }  // empty documents
            return (object, "\(file) document \(document.index + 1)")
        }
    }

    static func apply(_ object: JSONValue, origin: String, to store: SandboxStore) async throws -> String {
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        let parts = apiVersion.split(separator: "/").map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", apiVersion)
        guard let served = ServedResource.all.first(where: { $0.group == group && $0.kind == kind }) else {
            throw SandboxError(.manifest, "\(origin): the Sandbox does not serve \(kind) in \(apiVersion)")
        }
        let type = ResourceType(
            group: group, version: version, resource: served.resource, kind: kind, namespaced: served.namespaced)
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        let namespace = served.namespaced ? object["metadata"]?["namespace"]?.stringValue ?? "default" : nil
        let label = "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)"
        do {
            do {
                _ = try await store.create(type, namespace: namespace, object: object)
            } catch let status as APIStatus where status.code == 409 {
                var replacement = object
                let current = try await store.get(type, namespace: namespace, name: name)
                replacement["metadata"]?["resourceVersion"] = current["metadata"]?["resourceVersion"]
                _ = try await store.update(type, namespace: namespace, object: replacement)
            }
        } catch {
            throw SandboxError(.apply, "\(origin): cannot apply \(label)", cause: error)
        }
        return label
    }
}

extension JSONValue {
    /// The JSON value of a YAML node under the YAML 1.2 core schema, as Kubernetes reads manifests.
    init(manifest node: YAMLNode) {
        switch node.content {
        case .sequence(let nodes):
            self = .array(nodes.map(JSONValue.init(manifest:)))
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            for pair in pairs { members[pair.key.scalar?.value ?? ""] = JSONValue(manifest: pair.value) }
            self = .object(members)
        case .scalar(let scalar):
            switch node.scalarKind {
            case .null: self = .null
            case .bool: self = .bool(["true", "True", "TRUE"].contains(scalar.value))
            case .int: self = Int64(scalar.value).map(JSONValue.integer) ?? .string(scalar.value)
            case .float: self = Double(scalar.value).map(JSONValue.number) ?? .string(scalar.value)
            default: self = .string(scalar.value)
            }
        }
    }
}
