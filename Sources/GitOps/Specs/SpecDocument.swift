import Experiments

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
