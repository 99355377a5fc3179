import Experiments

/// Axes, lines and bands.
extension ReportChart {
    /// A coordinate as SVG text.
    func c(_ value: Double) -> String { ReportFormat.coordinate(value) }

    /// Grid lines and labels for `ticks` on `y` (when given), the axes, and the iteration ticks on `x`.
    func frame(
        _ out: inout SVGBuilder, y: ChartScale?, ticks: [Double], x: ChartScale, bottom: Double,
        label: (Double) -> String
    ) {
        let top = bottom - (Self.weightsPanel.bottom - Self.weightsPanel.top)
        out.open("g", "class=\"axes\" stroke=\"#999999\" stroke-width=\"1\"")
        if let y {
            for tick in ticks {
                out.element("line", "x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(y(tick)))\" y2=\"\(c(y(tick)))\" stroke=\"#E5E5E5\"")
            }
        }
        out.element("line", "x1=\"\(c(Self.left))\" x2=\"\(c(Self.left))\" y1=\"\(c(top))\" y2=\"\(c(bottom))\"")
        out.element("line", "x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(bottom))\" y2=\"\(c(bottom))\"")
        for position in iterationTicks() {
            out.element("line", "x1=\"\(c(x(Double(position))))\" x2=\"\(c(x(Double(position))))\" y1=\"\(c(bottom))\" y2=\"\(c(bottom + 4))\"")
        }
        out.close("g")
        out.open("g", "class=\"labels\" fill=\"#333333\"")
        if let y {
            for tick in ticks {
                out.text(Self.left - 6, y(tick) + 4, label(tick), attributes: "text-anchor=\"end\"")
            }
        }
        for position in iterationTicks() {
            let text = position == 0 ? "start" : "\(lines[position - 1].number)"
            out.text(x(Double(position)), bottom + 16, text, attributes: "text-anchor=\"middle\"")
        }
        out.close("g")
    }

    /// A note in the middle of an empty panel.
    func empty(_ out: inout SVGBuilder, _ panel: (top: Double, bottom: Double), _ message: String) {
        out.text((Self.left + Self.right) / 2, (panel.top + panel.bottom) / 2, message, attributes: "text-anchor=\"middle\" fill=\"#666666\"")
    }

    /// One path through the defined points (a gap where a value is nil) with a dot on each.
    func line(
        _ out: inout SVGBuilder, _ points: [(Double, Double?)], x: ChartScale, y: ChartScale, version: String,
        color: String, kind: String
    ) {
        var path: [String] = [], previousDefined = false
        for (position, value) in points {
            guard let value else { previousDefined = false; continue }
            path.append((previousDefined ? "L" : "M") + "\(c(x(position))) \(c(y(value)))")
            previousDefined = true
        }
        guard !path.isEmpty else { return }
        out.element("path", "class=\"\(kind)\" data-version=\"\(XMLText.escape(version))\" stroke=\"\(color)\" fill=\"none\" d=\"\(path.joined(separator: " "))\"")
        for case let (position, value?) in points {
            out.element("circle", "cx=\"\(c(x(position)))\" cy=\"\(c(y(value)))\" r=\"2.5\" fill=\"\(color)\"")
        }
    }

    /// The credible intervals as a shaded band over each run of consecutive iterations (a short bar for a
    /// lone one).
    func band(
        _ out: inout SVGBuilder, _ points: [(Double, PosteriorSummary)], x: ChartScale, y: ChartScale, version: String,
        color: String
    ) {
        var runs: [[(Double, PosteriorSummary)]] = []
        for point in points {
            if let last = runs.last?.last, point.0 - last.0 == 1 { runs[runs.count - 1].append(point) } else { runs.append([point]) }
        }
        let shapes = runs.map { run -> String in
            if run.count == 1, let point = run.first {
                let (center, summary) = (x(point.0), point.1)
                return "M\(c(center - 4)) \(c(y(summary.upper))) H\(c(center + 4)) V\(c(y(summary.lower))) H\(c(center - 4)) Z"
            }
            let upper = run.map { "\(c(x($0.0))) \(c(y($0.1.upper)))" }
            let lower = run.reversed().map { "\(c(x($0.0))) \(c(y($0.1.lower)))" }
            return "M" + (upper + lower).joined(separator: " L") + " Z"
        }
        guard !shapes.isEmpty else { return }
        out.element("path", "class=\"band\" data-version=\"\(XMLText.escape(version))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\" d=\"\(shapes.joined(separator: " "))\"")
    }

    /// The iteration positions that get a tick: every one drawn on an axis of ten, else every n-th, so that the
    /// axis has at most ten intervals (the stride depends on the axis' length, not on the iterations drawn).
    private func iterationTicks() -> [Int] {
        let step = max(1, (axisLength + 9) / 10)
        return Array(stride(from: 0, through: lines.count, by: step))
    }
}
