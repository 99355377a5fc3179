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
        /// The file's documents.
        public var documents: [SpecDocument]
        /// Every problem found, in document order.
        public var issues: [LocatedIssue]
    }

    /// Loads the documents of one file's text.
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
            let source = DocumentSource(file: file, index: index, document: document)
            let (loaded, issues) = load(source)
            result.documents.append(loaded)
            result.issues += issues
        }
        return result
    }

    func load(_ source: DocumentSource) -> (SpecDocument, [LocatedIssue]) {
        let root = source.document.root
        let kind = root["kind"]?.scalar?.value
        let apiVersion = root["apiVersion"]?.scalar?.value ?? ""
        guard apiVersion.hasPrefix("iter8.tools/"), let kind, kind == "Experiment" || kind == "Metric" else {
            return (.other(kind: kind, source: source), [])
        }
        let name = root["metadata"]?["name"]?.scalar?.value
        let decoder = YAMLDecoder(unknownFields: .error, limits: limits)
        var issues: [LocatedIssue] = []
        func decoded<T: Decodable>(_ type: T.Type) -> T? {
            let report = decoder.report(type, from: root, file: source.file)
            issues += report.errors.map { LocatedIssue($0, file: source.file, severity: .error) }
            issues += report.warnings.map { LocatedIssue($0, file: source.file, severity: .warning) }
            return report.errors.isEmpty ? report.value : nil
        }
        func located(_ specIssues: [SpecIssue]) -> [LocatedIssue] {
            specIssues.map { LocatedIssue($0, in: source.document, file: source.file) }
        }
        let invalid = SpecDocument.invalid(kind: kind, name: name, source: source)
        switch (kind, apiVersion) {
        case ("Experiment", V1Alpha2Translator.apiVersion):
            guard let document = decoded(V1Alpha2Document.self) else { return (invalid, issues) }
            let outcome = V1Alpha2Translator.translate(document)
            issues += located(outcome.issues)
            return (outcome.experiment.map { .experiment($0, source: source) } ?? invalid, issues)
        case ("Experiment", _):
            guard let document = decoded(ExperimentDocument.self) else { return (invalid, issues) }
            let outcome = ExperimentValidator.validate(document)
            issues += located(outcome.issues)
            return (outcome.experiment.map { .experiment($0, source: source) } ?? invalid, issues)
        default:
            guard let document = decoded(MetricDocument.self) else { return (invalid, issues) }
            let outcome = MetricValidator.validate(document)
            issues += located(outcome.issues)
            return (outcome.metric.map { .metric($0, source: source) } ?? invalid, issues)
        }
    }
}
