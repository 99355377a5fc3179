import Experiments

/// The report's SVG chart (see ``ReportRenderer/svg(for:)``): two panels sharing the iteration axis.
struct ReportChart {
    let status: ExperimentStatus
    /// The iterations drawn: the latest ``maxIterations`` the status keeps (compact records included).
    let lines: [IterationLine]

    /// At most this many iterations are drawn: the latest (a note under the title says so).
    static let maxIterations = 100

    static let width = 720.0, height = 540.0
    static let left = 64.0, right = 696.0
    static let weightsPanel = (top: 76.0, bottom: 236.0)
    static let metricPanel = (top: 316.0, bottom: 476.0)
    /// Okabe–Ito, readable for colour-blind people; the version at index `i` gets `palette[i % count]`.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F7F7F", "#000000"]

    init(status: ExperimentStatus) {
        self.status = status
        lines = Array(status.iterationLines.suffix(Self.maxIterations))
    }

    var svg: String {
        let versions = status.versionOrder
        var out = SVGBuilder(width: Self.width, height: Self.height, title: "\(status.qualifiedName): weights and key metric")
        out.text(16, 24, status.qualifiedName + " — " + status.experiment.target, attributes: "font-size=\"15\" font-weight=\"bold\"")
        legend(&out, versions)
        if lines.count < status.recordedIterationCount {
            out.text(Self.right, 24, "the last \(lines.count) of \(status.recordedIterationCount) iterations", attributes: "text-anchor=\"end\" fill=\"#666666\"")
        }
        let x = ChartScale(domain: 0...Double(axisLength), start: Self.left + 12, end: Self.right - 24)
        weights(&out, versions, x)
        metric(&out, versions, x)
        out.text((Self.left + Self.right) / 2, Self.height - 14, "iteration", attributes: "text-anchor=\"middle\"")
        return out.document
    }

    /// The iteration axis' lengths: the axis is the shortest that holds the iterations drawn.
    static let axisLengths = [10, 20, 50, maxIterations]

    /// The length of the iteration axis: it changes only when the iterations outgrow it, so that an added
    /// iteration adds its points and leaves every earlier coordinate as it was (the committed chart changes
    /// by what is new, which is what the repository stores of it).
    var axisLength: Int {
        Self.axisLengths.first { $0 >= lines.count } ?? max(lines.count, 1)
    }

    private func color(_ index: Int) -> String { Self.palette[index % Self.palette.count] }

    private func legend(_ out: inout SVGBuilder, _ versions: [String]) {
        var position = Self.left
        for (index, version) in versions.enumerated() {
            out.element("rect", "x=\"\(c(position))\" y=\"37\" width=\"12\" height=\"12\" fill=\"\(color(index))\"")
            out.text(position + 16, 47, version)
            position += 16 + Double(version.count) * 7 + 24
        }
    }

    // MARK: - Panels

    private func weights(_ out: inout SVGBuilder, _ versions: [String], _ x: ChartScale) {
        let panel = Self.weightsPanel
        let y = ChartScale(domain: 0...100, start: panel.bottom, end: panel.top)
        out.text(Self.left, panel.top - 10, "Traffic weight (%)", attributes: "font-weight=\"bold\"")
        frame(&out, y: y, ticks: [0, 25, 50, 75, 100], x: x, bottom: panel.bottom, label: { ReportFormat.number($0) + "%" })
        guard let first = lines.first else { return empty(&out, panel, "No iterations yet") }
        out.open("g", "class=\"weights\" fill=\"none\" stroke-width=\"2\"")
        for (index, version) in versions.enumerated() {
            var points: [(Double, Double?)] = [(0, first.weightsBefore[version].map(Double.init))]
            for (position, line) in lines.enumerated() {
                points.append((Double(position + 1), line.weightsAfter[version].map(Double.init)))
            }
            line(&out, points, x: x, y: y, version: version, color: color(index), kind: "weight")
        }
        out.close("g")
    }

    private func metric(_ out: inout SVGBuilder, _ versions: [String], _ x: ChartScale) {
        let panel = Self.metricPanel
        guard let name = status.keyMetric else {
            out.text(Self.left, panel.top - 10, "Key metric", attributes: "font-weight=\"bold\"")
            frame(&out, y: nil, ticks: [], x: x, bottom: panel.bottom, label: { ReportFormat.number($0) })
            return empty(&out, panel, lines.isEmpty ? "No iterations yet" : "No objective or reward metric")
        }
        let confidence = status.iterations.last.map { ReportFormat.number($0.result.confidence * 100) } ?? "95"
        out.text(Self.left, panel.top - 10, "\(name): posterior mean and \(confidence)% credible interval", attributes: "font-weight=\"bold\"")
        let series = versions.map { version in lines.map { line in line.point(version, name) } }
        let limits = objectiveLimits(name)
        let values = series.joined().compactMap { $0 }.flatMap { metric -> [Double] in
            [metric.posterior?.lower, metric.posterior?.upper, metric.posterior?.mean ?? metric.value].compactMap { $0 }
        }
        guard !values.isEmpty, let fitted = ChartScale.fitting(values + limits, start: panel.bottom, end: panel.top) else {
            frame(&out, y: nil, ticks: [], x: x, bottom: panel.bottom, label: { ReportFormat.number($0) })
            return empty(&out, panel, "No data yet")
        }
        let y = fitted.scale
        frame(&out, y: y, ticks: fitted.ticks, x: x, bottom: panel.bottom, label: { ReportFormat.number($0) })
        for limit in limits {
            out.element("line", "class=\"limit\" x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(y(limit)))\" y2=\"\(c(y(limit)))\" stroke=\"#B00020\" stroke-dasharray=\"6 4\"")
            out.text(Self.right - 4, y(limit) - 4, "limit " + ReportFormat.number(limit), attributes: "text-anchor=\"end\" fill=\"#B00020\"")
        }
        out.open("g", "class=\"metric\" stroke-width=\"2\"")
        for (index, version) in versions.enumerated() {
            let points = series[index].enumerated().map { position, metric in
                (Double(position + 1), metric?.posterior, metric?.posterior?.mean ?? metric?.value)
            }
            band(&out, points.compactMap { p in p.1.map { (p.0, $0) } }, x: x, y: y, version: version, color: color(index))
            line(&out, points.map { ($0.0, $0.2) }, x: x, y: y, version: version, color: color(index), kind: "mean")
        }
        out.close("g")
    }

    /// The absolute limits of the objectives on `metric` in the latest iteration.
    private func objectiveLimits(_ metric: String) -> [Double] {
        let objectives = status.iterations.last?.input.objectives.filter { $0.metric == metric && !$0.relativeToBaseline } ?? []
        return objectives.flatMap { [$0.lowerLimit, $0.upperLimit].compactMap { $0 } }
    }
}
