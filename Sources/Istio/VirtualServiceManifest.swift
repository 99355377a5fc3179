import Experiments
import Kubernetes
import Routing
import YAML

/// A VirtualService manifest file as a human keeps it in the repository (possibly several YAML documents),
/// edited surgically: a split rewrites only the `weight` scalars of the experiment's destinations, so
/// comments, key order, quoting, flow style and every other document keep their exact bytes.
///
/// A destination without a `weight:` key cannot be given one without inventing formatting, so that is an
/// ``IstioError`` (`missingWeight`) naming the file position; the file's author adds `weight: 100` once.
/// Promotion of an A/B route removes that route's lines (or its `match:` lines) — see ``promoting(_:routing:versions:)``.
public struct VirtualServiceManifest: Sendable {
    /// The file's text.
    public let source: String
    /// The file's repository path, for messages.
    public let file: String?
    let editor: YAMLEditor

    /// Parses `source` (every document).
    ///
    /// - Throws: the ``YAML/YAMLError`` of a file that does not parse.
    public init(source: String, file: String? = nil) throws {
        self.source = source
        self.file = file
        editor = try YAMLEditor(source: source, file: file)
    }

    /// The document declaring `kind: VirtualService` named `name`, in `namespace` (a document without
    /// `metadata.namespace` matches any namespace), with its index in the stream.
    ///
    /// - Throws: ``IstioError`` (`manifestDocumentNotFound`) when no document or several documents match.
    public func virtualService(name: String, namespace: String) throws -> (document: Int, virtualService: VirtualService) {
        var found: [(Int, VirtualService)] = []
        for (index, document) in editor.documents.enumerated() {
            guard document.root["kind"]?.scalar?.value == "VirtualService",
                document.root["metadata"]?["name"]?.scalar?.value == name
            else { continue }
            let documentNamespace = document.root["metadata"]?["namespace"]?.scalar?.value
            guard documentNamespace == nil || documentNamespace == namespace else { continue }
            found.append((index, try VirtualService(JSONValue(yaml: document.root))))
        }
        let place = file ?? "the manifest"
        guard let first = found.first else {
            throw IstioError(
                .manifestDocumentNotFound, "no document of \(place) declares VirtualService \(namespace)/\(name)",
                virtualService: "\(namespace)/\(name)")
        }
        guard found.count == 1 else {
            throw IstioError(
                .manifestDocumentNotFound,
                "documents \(found.map { String($0.0) }.joined(separator: ", ")) of \(place) all declare VirtualService "
                    + "\(namespace)/\(name); keep one",
                virtualService: "\(namespace)/\(name)")
        }
        return first
    }

    /// The file's text with `split` applied to the experiment's route; nothing else changes.
    ///
    /// - Throws: ``IstioError`` for a route or destination that cannot be located, an invalid split, or a
    ///   destination without a `weight:` key.
    public func applying(_ split: [String: Int], routing: RoutingSpec, versions: [VersionSpec]) throws -> String {
        guard let target = try RouteLocator.target(routing: routing, versions: versions) else {
            throw IstioError(.routeNotFound, "the experiment moves no traffic (no routing)")
        }
        let (document, virtualService) = try self.virtualService(name: target.name, namespace: target.namespace)
        let binding = try RouteLocator.locate(routing: routing, versions: versions, in: virtualService, destinationRules: nil)
        try RouteEditor.validate(split, binding: binding)
        let route = try RouteEditor.route(binding, in: virtualService)
        var edits: [YAMLEdit] = []
        for version in binding.versions {
            guard let index = binding.destinations[version] else { continue }
            let weight = split[version] ?? 0
            if route.destinations[index].weight == weight { continue }
            let path: YAMLPath = ["spec", "http", .index(binding.routeIndex), "route", .index(index), "weight"]
            guard editor.documents[document].node(at: path) != nil else {
                let entry = editor.documents[document].node(at: ["spec", "http", .index(binding.routeIndex), "route", .index(index)])
                let position = entry.map { " at \(file ?? "line"):\($0.mark.line):\($0.mark.column)" } ?? ""
                throw IstioError(
                    .missingWeight,
                    "destination \(route.destinations[index].label)\(position) has no weight: key to rewrite; "
                        + "add `weight: \(route.destinations[index].weight ?? 100)` to it in the file",
                    virtualService: binding.virtualService, route: binding.routeLabel, version: version)
            }
            edits.append(YAMLEdit(path: path, integer: weight))
        }
        guard !edits.isEmpty else { return source }
        return try editor.replacingScalars(edits, inDocument: document)
    }
}
