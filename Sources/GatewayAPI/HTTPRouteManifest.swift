import Experiments
import Foundation
import Kubernetes
import Routing
import YAML

/// An HTTPRoute manifest file as a human keeps it in the repository (possibly several YAML documents), edited
/// surgically: a split rewrites only the `weight:` scalars of the experiment's backendRefs, so comments, key
/// order, quoting, flow style and every other document keep their exact bytes; a promotion of an A/B rule also
/// deletes that rule's lines. The edit is made on the document's object first, exactly as
/// ``RuleEditor`` makes it on the live object, and the edited text must parse back as that object.
///
/// A backendRef without a `weight:` key cannot be given one without inventing formatting, so that is a
/// ``GatewayAPIError`` (`missingWeight`) naming the file position; the file's author adds the key once.
public struct HTTPRouteManifest: Sendable {
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

    /// Parses a manifest file's bytes as they are stored; a file that is not UTF-8 is refused, never re-encoded.
    ///
    /// - Throws: ``GatewayAPIError`` (`notUTF8`) naming the offset of the first invalid byte; the
    ///   ``YAML/YAMLError`` of a file that does not parse.
    public init(data: Data, file: String? = nil) throws {
        do {
            manifest = try ManifestFile(data: data, file: file)
        } catch let refusal as ManifestFileRefusal {
            throw Self.error(refusal, httpRoute: file)
        }
    }

    /// The document declaring the HTTPRoute `name` (of the Gateway API group) in `namespace` (a document without
    /// `metadata.namespace` matches any namespace), with its index in the stream.
    ///
    /// - Throws: ``GatewayAPIError`` (`manifestDocumentNotFound`) when no document or several documents match.
    public func httpRoute(name: String, namespace: String) throws -> (document: Int, route: HTTPRoute) {
        do {
            let (index, object) = try manifest.document(kind: .httpRoute, name: name, namespace: namespace)
            return (index, try HTTPRoute(object))
        } catch let refusal as ManifestFileRefusal {
            throw Self.error(refusal, httpRoute: "\(namespace)/\(name)")
        }
    }

    /// `refusal` as the error users see: `notUTF8`, or `manifestDocumentNotFound` for a document missing or
    /// declared twice.
    static func error(_ refusal: ManifestFileRefusal, httpRoute: String?) -> GatewayAPIError {
        switch refusal.reason {
        case .notUTF8: GatewayAPIError(.notUTF8, refusal.message, httpRoute: httpRoute)
        case .documentNotFound, .severalDocuments:
            GatewayAPIError(.manifestDocumentNotFound, refusal.message, httpRoute: httpRoute)
        }
    }

    /// The file's text with `split` applied to the experiment's rule; nothing but weights changes.
    ///
    /// - Throws: ``GatewayAPIError`` for a rule or backendRef that cannot be located, an invalid split, or a
    ///   backendRef without a `weight:` key.
    public func applying(_ split: [String: Int], rule spec: HTTPRouteRule, versions: [String]) throws -> String {
        let (document, route) = try httpRoute(name: spec.name, namespace: spec.namespace)
        let binding = try RuleLocator.locate(spec, versions: versions, in: route)
        return try rewrite(document, to: RuleEditor.split(split, binding: binding, in: route), binding: binding, version: nil)
    }

    /// The file's text with all traffic to `winner`, the same change ``RuleEditor/promotion(to:binding:in:)`` makes
    /// in the cluster: weight scalars only for a rule without header matches; for an A/B rule its lines deleted
    /// (from its `-` line through its last line; comments and blank lines around it stay) and the default rule's
    /// weights (or its backendRef's reference) rewritten.
    ///
    /// - Throws: ``GatewayAPIError`` as ``applying(_:rule:versions:)``, and (`manifestDocumentNotFound`) when the
    ///   file cannot be edited to read as the promoted object (a rule in flow style, a key the file lacks).
    public func promoting(_ winner: String, rule spec: HTTPRouteRule, versions: [String]) throws -> String {
        let (document, route) = try httpRoute(name: spec.name, namespace: spec.namespace)
        let binding = try RuleLocator.locate(spec, versions: versions, in: route)
        return try rewrite(document, to: RuleEditor.promotion(to: winner, binding: binding, in: route), binding: binding, version: winner)
    }

    /// `edit` made in the text of `document`: removals as whole lines, then scalars; a weight the edit adds is a
    /// `missingWeight` error (the file must have the key).
    func rewrite(_ document: Int, to edit: HTTPRouteEdit, binding: RuleBinding, version: String?) throws -> String {
        guard !edit.isEmpty else { return source }
        var removals: [YAMLPath] = []
        for operation in edit.operations {
            let path = ManifestTextEdits.yamlPath(ofPointer: operation.path)
            if operation.op == "remove" { removals.append(path) }
            guard operation.op == "add", path.components.last == .key("weight") else { continue }
            let entry = manifest.editor.documents[document].node(at: YAMLPath(Array(path.components.dropLast())))
            let position = entry.map { " at \(file ?? "line"):\($0.mark.line):\($0.mark.column)" } ?? ""
            let owner = binding.versions.first { binding.weightPointer(of: $0) == operation.path }
            throw GatewayAPIError(
                .missingWeight,
                "backendRef\(position) has no weight: key to rewrite (an omitted weight is 1); add `weight: 1` to it in the file",
                httpRoute: binding.httpRoute, rule: binding.ruleLabel, version: owner ?? version)
        }
        do {
            return try ManifestTextEdits.rewriting(source, document: document, removing: removals, to: edit.object, file: file)
        } catch let refusal as ManifestEditRefusal {
            throw GatewayAPIError(
                .manifestDocumentNotFound, "editing \(manifest.place): \(refusal.message)", httpRoute: binding.httpRoute,
                rule: binding.ruleLabel, version: version)
        }
    }
}
