/// A plain-text table: columns left-aligned, two spaces apart, the last column unpadded so no line has
/// trailing spaces. Widths count characters (grapheme clusters).
struct TextTable {
    /// The column titles.
    let header: [String]
    /// The rows, each as long as the header.
    private(set) var rows: [[String]] = []

    /// A table with these column titles.
    init(header: [String]) { self.header = header }

    /// Appends a row; newlines in cells become spaces.
    mutating func add(_ row: [String]) {
        rows.append(row.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") })
    }

    /// The header and rows, one per line, ending with a newline.
    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
