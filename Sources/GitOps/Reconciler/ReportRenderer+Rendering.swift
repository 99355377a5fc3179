import Experiments

extension ReportRenderer: ReportRendering {
    /// The Markdown report and its chart.
    public func render(_ status: ExperimentStatus, chartFile: String, duration: DurationSpec?) -> (markdown: String, svg: String) {
        (markdown(for: status, chartFile: chartFile, duration: duration), svg(for: status))
    }
}
