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
    /// The file: its text, path and documents.
    let manifest: ManifestFile

    /// The file's text.
    public var source: String { manifest.source }
    /// The file's repository path, for messages.
    public var file: String? { manifest.file }

    /// Parses `source` (every document).
    ///
    /// - Throws: the ``YAML/YAMLError`` of a file that does not parse.
    public init(source: String, file: String? = nil) throws {
        manifest = try ManifestFile(source: source, file: file)
    }

    /// The document declaring the VirtualService `name` (of the Istio group) in `namespace` (a document without
    /// `metadata.namespace` matches any namespace), with its index in the stream.
    ///
    /// - Throws: ``IstioError`` (`manifestDocumentNotFound`) when no document or several documents match.
    public func virtualService(name: String, namespace: String) throws -> (document: Int, virtualService: VirtualService) {
        do {
            let (index, object) = try manifest.document(kind: .virtualService, name: name, namespace: namespace)
            return (index, try VirtualService(object))
        } catch let refusal as ManifestFileRefusal {
            throw Self.error(refusal, virtualService: "\(namespace)/\(name)")
        }
    }

    /// `refusal` as the error users see: `notUTF8`, or `manifestDocumentNotFound` for a document missing or
    /// declared twice.
    static func error(_ refusal: ManifestFileRefusal, virtualService: String?) -> IstioError {
        switch refusal.reason {
        case .notUTF8: IstioError(.notUTF8, refusal.message, virtualService: virtualService)
        case .documentNotFound, .severalDocuments:
            IstioError(.manifestDocumentNotFound, refusal.message, virtualService: virtualService)
        }
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
            guard manifest.editor.documents[document].node(at: path) != nil else {
                let entry = manifest.editor.documents[document].node(at: ["spec", "http", .index(binding.routeIndex), "route", .index(index)])
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
        return try manifest.editor.replacingScalars(edits, inDocument: document)
    }
}
