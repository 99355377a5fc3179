import Experiments
import YAML

/// Reads repository files into Experiments and Metrics, with every problem located by file, line and
/// column. Documents of other kinds are passed over; unknown fields in ours are errors (a typo such as
/// `weigths` must not silently fall back to a default).
public struct SpecLoader: Sendable {
    /// The YAML limits applied to every file (size, depth, aliases).
    public var limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .default) { self.limits = limits }

    /// The result of loading one file.
    public struct FileResult: Sendable {
        /// The file's documents, without their YAML trees (``DocumentSource``): what is kept of each is its typed
        /// value, its few scalars read later and, for a valid Experiment, the file's text.
        public var documents: [SpecDocument]
        /// Every problem found, in document order.
        public var issues: [LocatedIssue]
    }

    /// Loads the documents of one file's text. Each document's tree is read (decoded, validated, its issues located)
    /// and then let go.
    public func load(_ text: String, file: String) -> FileResult {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser(limits: limits).parseStream(text, file: file)
        } catch let error as YAMLError {
            return FileResult(documents: [], issues: [LocatedIssue(error, file: file, severity: .error)])
        } catch {
            return FileResult(
                documents: [], issues: [LocatedIssue(file: file, line: 0, column: 0, path: "", message: "\(error)", severity: .error)])
        }
        var result = FileResult(documents: [], issues: [])
        for (index, document) in documents.enumerated() {
            let (loaded, issues) = load(document, index: index, file: file, text: text)
            result.documents.append(loaded)
            result.issues += issues
        }
        return result
    }

    /// The `index`th document of `file`, whose whole text is `text`: a valid Experiment keeps the text to locate
    /// issues found later (``DocumentSource/locate(_:)``), no document keeps `tree`.
    func load(_ tree: YAMLDocument, index: Int, file: String, text: String) -> (SpecDocument, [LocatedIssue]) {
        let source = DocumentSource(file: file, index: index, document: tree, limits: limits)
        let root = tree.root
        let kind = source.kind
        let apiVersion = source.apiVersion ?? ""
        guard apiVersion.hasPrefix("iter8.tools/"), let kind, kind == "Experiment" || kind == "Metric" else {
            return (.other(kind: kind, source: source), [])
        }
        let name = source.name
        let decoder = YAMLDecoder(unknownFields: .error, limits: limits)
        var issues: [LocatedIssue] = []
        func decoded<T: Decodable>(_ type: T.Type) -> T? {
            let report = decoder.report(type, from: root, file: source.file)
            issues += report.errors.map { LocatedIssue($0, file: source.file, severity: .error) }
            issues += report.warnings.map { LocatedIssue($0, file: source.file, severity: .warning) }
            return report.errors.isEmpty ? report.value : nil
        }
        func located(_ specIssues: [SpecIssue]) -> [LocatedIssue] {
            specIssues.map { LocatedIssue($0, in: tree, file: source.file) }
        }
        func valid(_ experiment: Experiment) -> SpecDocument {
            var kept = source
            kept.text = text
            return .experiment(experiment, source: kept)
        }
        let invalid = SpecDocument.invalid(kind: kind, name: name, source: source)
        switch (kind, apiVersion) {
        case ("Experiment", V1Alpha2Translator.apiVersion):
            guard let document = decoded(V1Alpha2Document.self) else { return (invalid, issues) }
            let outcome = V1Alpha2Translator.translate(document)
            issues += located(outcome.issues)
            return (outcome.experiment.map(valid) ?? invalid, issues)
        case ("Experiment", _):
            guard let document = decoded(ExperimentDocument.self) else { return (invalid, issues) }
            let outcome = ExperimentValidator.validate(document)
            issues += located(outcome.issues)
            return (outcome.experiment.map(valid) ?? invalid, issues)
        default:
            guard let document = decoded(MetricDocument.self) else { return (invalid, issues) }
            let outcome = MetricValidator.validate(document)
            issues += located(outcome.issues)
            return (outcome.metric.map { .metric($0, source: source) } ?? invalid, issues)
        }
    }
}
