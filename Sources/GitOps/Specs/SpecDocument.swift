import Experiments
import YAML

/// One document of a repository file, as the loader understood it.
public enum SpecDocument: Sendable {
    /// A valid Experiment (v2alpha2, or v1alpha2 translated).
    case experiment(Experiment, source: DocumentSource)
    /// A valid Metric.
    case metric(MetricDefinition, source: DocumentSource)
    /// An Experiment or Metric with errors; `name` when the document has one.
    case invalid(kind: String, name: String?, source: DocumentSource)
    /// Another kind (a VirtualService, a Deployment…): not ours to validate.
    case other(kind: String?, source: DocumentSource)
}

/// Where a document came from.
public struct DocumentSource: Sendable {
    /// The file.
    public var file: String
    /// 0-based index of the document in the file.
    public var index: Int
    /// The parsed document, for locating issues and editing.
    public var document: YAMLDocument
}
