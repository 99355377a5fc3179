import Experiments

/// Renders an experiment's human report: a Markdown page for GitHub and the SVG chart it shows.
///
/// Both are pure functions of the status document (and, for the Markdown, the experiment's validated
/// duration when known): the same inputs give the same bytes (no clock, no locale, fixed number formats,
/// fixed palette), so committing them again changes nothing.
public struct ReportRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The Markdown report: title, phase and outcome, the verdict of a finished experiment, spec errors, the
    /// latest assessment per version, conditions, the chart (`chartFile`, a path relative to the report) and
    /// every iteration. With the spec's `duration`, an adaptive experiment running past its planned iterations
    /// says it is extended, and up to when.
    public func markdown(for status: ExperimentStatus, chartFile: String, duration: DurationSpec? = nil) -> String {
        MarkdownReport(status: status, chartFile: chartFile, duration: duration).text
    }

    /// The chart: traffic weights per version over the iterations, and the key metric (the reward, else the
    /// first objective's metric) per version with its credible interval. A standalone SVG document.
    public func svg(for status: ExperimentStatus) -> String {
        ReportChart(status: status).svg
    }
}
