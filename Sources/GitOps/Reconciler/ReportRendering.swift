import Experiments

/// Renders an experiment's human report from its status: a Markdown file and the SVG chart it shows.
public protocol ReportRendering: Sendable {
    /// The report's Markdown (linking `chartFile`, a path relative to the report) and the chart's SVG;
    /// `duration` is the spec's, when it is valid (the status file does not record it).
    func render(_ status: ExperimentStatus, chartFile: String, duration: DurationSpec?) -> (markdown: String, svg: String)
}
