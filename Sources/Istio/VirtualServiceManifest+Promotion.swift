import Experiments
import Kubernetes
import YAML

extension VirtualServiceManifest {
    /// The file's text with all traffic to `winner`, the same change ``RouteEditor/promotion(to:binding:in:)``
    /// makes in the cluster:
    ///
    /// - a route without `match`: weight scalars only (winner 100, others 0);
    /// - an A/B route followed by a default route: the A/B route's lines are deleted (from its `-` line through
    ///   its last line) and the default route's scalars (weights, or its destination's `host`/`subset`) are
    ///   rewritten; comments and blank lines around the deleted route stay;
    /// - an A/B route without a default route: its `match:` lines are deleted and the weights rewritten.
    ///
    /// The result is parsed again and must equal the cluster-side promotion of the same document, or this
    /// throws ``IstioError`` (`invalidObject`) instead of writing something else — for example when the route
    /// is written in flow style, or the default route's destination lacks a key the winner's has.
    public func promoting(_ winner: String, routing: RoutingSpec, versions: [VersionSpec]) throws -> String {
        guard let target = try RouteLocator.target(routing: routing, versions: versions) else {
            throw IstioError(.routeNotFound, "the experiment moves no traffic (no routing)")
        }
        let (document, virtualService) = try self.virtualService(name: target.name, namespace: target.namespace)
        let binding = try RouteLocator.locate(routing: routing, versions: versions, in: virtualService, destinationRules: nil)
        guard binding.hasMatch else {
            var split: [String: Int] = [:]
            for version in binding.versions { split[version] = version == winner ? 100 : 0 }
            return try applying(split, routing: routing, versions: versions)
        }
        let edit = try RouteEditor.promotion(to: winner, binding: binding, in: virtualService)
        var text = source
        let removals = edit.operations.filter { $0.op == "remove" }
        for removal in removals {
            let components = removal.path.split(separator: "/").map { part -> YAMLPath.Component in
                Int(part).map { .index($0) } ?? .key(String(part))
            }
            let parsed = try YAMLParser().parseStream(text, file: file)
            var bytes = Array(text.utf8)
            let range = try ManifestTextEdits.entryLines(of: YAMLPath(components), in: parsed[document], bytes: bytes, file: file)
            bytes.removeSubrange(range)
            text = String(decoding: bytes, as: UTF8.self)
        }
        let fail = { (reason: String) in
            IstioError(
                .invalidObject, "promoting \(winner) in \(file ?? "the manifest"): \(reason)",
                virtualService: binding.virtualService, route: binding.routeLabel, version: winner)
        }
        let editor = try YAMLEditor(source: text, file: file)
        guard editor.documents.count == self.editor.documents.count else { throw fail("removing the route changed the documents") }
        let current = JSONValue(yaml: editor.documents[document].root)
        guard let edits = ManifestTextEdits.scalarEdits(from: current, to: edit.object, in: editor.documents[document]) else {
            throw fail("the file differs from the promoted object in more than scalars (flow style, or a missing key)")
        }
        let result = edits.isEmpty ? text : try editor.replacingScalars(edits, inDocument: document)
        let check = try YAMLParser().parseStream(result, file: file)
        guard check.count == self.editor.documents.count, JSONValue(yaml: check[document].root) == edit.object else {
            throw fail("the edited file does not read back as the promoted VirtualService")
        }
        return result
    }
}
