import Foundation

/// Number formatting and column padding for the report.
enum Text {
    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: value < 0.1 && value > 0 ? "%.2f %%" : "%.1f %%", value * 100)
    }

    static func number(_ value: Double?, _ decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", value)
    }

    static func count(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e4 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
    }

    /// A row: the first column left-aligned to `widths[0]`, the others right-aligned.
    static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            return index == 0 ? cell + padding : padding + cell
        }.joined(separator: " ")
    }
}
