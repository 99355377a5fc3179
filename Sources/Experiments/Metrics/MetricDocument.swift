/// An `iter8.tools/v2alpha2` Metric file as iter8 users write it.
///
/// Queries go to the Prometheus the service is configured with, so the HTTP-provider fields iter8 had
/// (`urlTemplate`, `method`, `body`, `headerTemplates`, `authType`, `secret`, `jqExpression`) are accepted
/// and reported as ignored, and `mock` is reported as unsupported (the Sandbox plays that role).
public struct MetricDocument: Codable, Hashable, Sendable {
    /// `iter8.tools/v2alpha2`.
    public var apiVersion: String?
    /// `Metric`.
    public var kind: String?
    /// Name and namespace.
    public var metadata: ExperimentDocument.ObjectMeta?
    /// The metric.
    public var spec: Spec?

    /// `spec`.
    public struct Spec: Codable, Hashable, Sendable {
        /// What it measures.
        public var description: String?
        /// Units.
        public var units: String?
        /// Informational (`prometheus`); `iter8` marks iter8's built-ins.
        public var provider: String?
        /// `Counter` or `Gauge` (default Gauge).
        public var type: String?
        /// Reference to the counter metric counting samples.
        public var sampleSize: String?
        /// Query parameters; the one named `query` is the PromQL template.
        public var params: [ExperimentDocument.NamedValue]?
        /// iter8's HTTP provider URL (ignored).
        public var urlTemplate: String?
        /// iter8's HTTP method (ignored).
        public var method: String?
        /// iter8's POST body (ignored).
        public var body: String?
        /// iter8's header templates (ignored).
        public var headerTemplates: [ExperimentDocument.NamedValue]?
        /// iter8's auth type (ignored).
        public var authType: String?
        /// iter8's secret reference (ignored).
        public var secret: String?
        /// iter8's jq expression (ignored: the Prometheus response is read directly).
        public var jqExpression: String?
        /// iter8's mock values (unsupported).
        public var mock: [Mock]?
    }

    /// iter8's mock entry.
    public struct Mock: Codable, Hashable, Sendable {
        /// Version name.
        public var name: String?
        /// Level.
        public var level: String?
    }
}

/// Validates Metric files into ``MetricDefinition``s.
public enum MetricValidator {
    /// The outcome of validating one Metric file.
    public struct Outcome: Sendable {
        /// The metric; nil when any issue is an error.
        public var metric: MetricDefinition?
        /// Every problem found.
        public var issues: [SpecIssue]
    }

    /// Validates a Metric document.
    public static func validate(_ document: MetricDocument) -> Outcome {
        var issues = IssueList()
        if document.apiVersion != "iter8.tools/v2alpha2" {
            issues.error("apiVersion", "expected iter8.tools/v2alpha2, found \(ExperimentValidator.quoted(document.apiVersion))")
        }
        if document.kind != "Metric" { issues.error("kind", "expected Metric, found \(ExperimentValidator.quoted(document.kind))") }
        let name = ExperimentValidator.requiredName(document.metadata?.name, at: "metadata.name", &issues)
        guard let spec = document.spec else {
            issues.error("spec", "missing required field")
            return Outcome(metric: nil, issues: issues.issues)
        }
        let type: MetricType =
            ExperimentValidator.parseEnum(spec.type, at: "spec.type", required: false, &issues) ?? .gauge
        var query: QueryTemplate?
        let params = spec.params ?? []
        let queryParams = params.enumerated().filter { $0.element.name == "query" }
        if queryParams.isEmpty {
            issues.error("spec.params", "missing the parameter named query (the PromQL template)")
        } else if queryParams.count > 1 {
            issues.error(FieldPath("spec.params").appending(queryParams[1].offset), "duplicate parameter query")
        } else if let value = queryParams[0].element.value, !value.isEmpty {
            let template = QueryTemplate(value)
            do {
                _ = try template.placeholders()
                query = template
            } catch {
                issues.error(FieldPath("spec.params").appending(queryParams[0].offset).appending("value"), error.description)
            }
        } else {
            issues.error(FieldPath("spec.params").appending(queryParams[0].offset).appending("value"), "missing the PromQL template")
        }
        for (index, param) in params.enumerated() where param.name != "query" {
            issues.warning(
                FieldPath("spec.params").appending(index),
                "ignored: only the query parameter is sent to Prometheus, found \(ExperimentValidator.quoted(param.name))")
        }
        var sampleSize: MetricReference?
        if let text = spec.sampleSize {
            sampleSize = MetricReference(text)
            if sampleSize == nil { issues.error("spec.sampleSize", "expected a metric reference name or namespace/name, found \"\(text)\"") }
        }
        let ignored: [(String, Bool)] = [
            ("urlTemplate", spec.urlTemplate != nil), ("method", spec.method != nil), ("body", spec.body != nil),
            ("headerTemplates", spec.headerTemplates != nil), ("authType", spec.authType != nil),
            ("secret", spec.secret != nil), ("jqExpression", spec.jqExpression != nil),
        ]
        for (field, present) in ignored where present {
            issues.warning(
                FieldPath("spec").appending(field),
                "ignored: queries go to the Prometheus the service is configured with")
        }
        if spec.mock != nil {
            issues.error("spec.mock", "mock metrics are not supported; run the Sandbox (iter8 sandbox) for simulated traffic")
        }
        guard !issues.hasErrors, let name, let query else { return Outcome(metric: nil, issues: issues.issues) }
        let metric = MetricDefinition(
            name: name, namespace: document.metadata?.namespace, type: type, description: spec.description,
            units: spec.units, query: query, sampleSize: sampleSize, model: type == .counter ? .counter : .gauge)
        return Outcome(metric: metric, issues: issues.issues)
    }
}
