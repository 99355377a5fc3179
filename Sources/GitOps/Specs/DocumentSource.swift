import Experiments
import YAML

/// Where a document came from, and the little of it that is read after loading.
///
/// The document's YAML tree is not kept: a loader may keep every document of a repository for as long as it runs
/// (the service's snapshot loader keeps each spec file it parsed, so that an unchanged file is not parsed again), and
/// a tree takes several times the memory of its text. The scalars read later are copied out of the tree, and a valid
/// Experiment keeps its file's text instead: issues found in it after loading (a metric reference that does not
/// resolve against the Metric files of a ``SpecSet``) are located by parsing the text again (``locate(_:)``), which
/// gives the same nodes at the same marks.
public struct DocumentSource: Sendable {
    /// The file.
    public var file: String
    /// 0-based index of the document in the file.
    public var index: Int
    /// The document's `apiVersion`, when it is a scalar.
    public var apiVersion: String?
    /// The document's `kind`, when it is a scalar.
    public var kind: String?
    /// The document's `metadata.name`, when it is a scalar.
    public var name: String?
    /// The document's `metadata.namespace`, when it is a scalar.
    public var namespace: String?
    /// The whole file's text (shared by the file's documents), kept for a valid Experiment only: nil for every other
    /// document, whose issues are all found while it is loaded.
    var text: String?
    /// The limits the file was parsed with, to parse its text again.
    var limits: YAMLLimits

    /// The source of `document`, the `index`th of `file`, with its scalars read; the text is not kept.
    init(file: String, index: Int, document: YAMLDocument, limits: YAMLLimits) {
        let root = document.root
        self.file = file
        self.index = index
        apiVersion = root["apiVersion"]?.scalar?.value
        kind = root["kind"]?.scalar?.value
        name = root["metadata"]?["name"]?.scalar?.value
        namespace = root["metadata"]?["namespace"]?.scalar?.value
        self.limits = limits
    }

    /// `issues`, found in this document after it was loaded, located as while loading (``LocatedIssue``): the node at
    /// each issue's path in the document parsed again from ``text``, or the nearest existing parent. The text is
    /// parsed once for all the issues, and not at all when there is none.
    ///
    /// Without a text (a document that is not a valid Experiment) or should it not parse (it did when the document
    /// was loaded, and parsing is deterministic), each issue is about the whole file: line and column 0.
    func locate(_ issues: [SpecIssue]) -> [LocatedIssue] {
        guard !issues.isEmpty else { return [] }
        var document: YAMLDocument?
        if let text {
            do {
                let documents = try YAMLParser(limits: limits).parseStream(text, file: file)
                document = documents.indices.contains(index) ? documents[index] : nil
            } catch {
                document = nil
            }
        }
        return issues.map { issue in
            guard let document else {
                return LocatedIssue(
                    file: file, line: 0, column: 0, path: issue.path.description, message: issue.message, severity: issue.severity)
            }
            return LocatedIssue(issue, in: document, file: file)
        }
    }
}
