import Experiments

/// Renders an experiment's human report from its status: a Markdown file and the SVG chart it shows.
public protocol ReportRendering: Sendable {
    /// The report's Markdown (linking `chartFile`, a path relative to the report) and the chart's SVG.
    func render(_ status: ExperimentStatus, chartFile: String) -> (markdown: String, svg: String)
}
