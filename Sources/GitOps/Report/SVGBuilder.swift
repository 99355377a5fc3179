/// Writes an SVG document line by line, one element per line, indented by nesting.
struct SVGBuilder {
    private var lines: [String]
    private var depth = 1

    /// Starts a document with a white background and a `<title>`.
    init(width: Double, height: Double, title: String) {
        let w = ReportFormat.coordinate(width), h = ReportFormat.coordinate(height)
        lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" "
                + "font-family=\"sans-serif\" font-size=\"11\">",
            "  <title>\(XMLText.escape(title))</title>",
            "  <rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>",
        ]
    }

    /// An empty element with its attributes (already escaped).
    mutating func element(_ name: String, _ attributes: String) { add("<\(name) \(attributes)/>") }

    /// A text element at (x, y); `text` is escaped here.
    mutating func text(_ x: Double, _ y: Double, _ text: String, attributes: String = "") {
        let extra = attributes.isEmpty ? "" : " " + attributes
        add("<text x=\"\(ReportFormat.coordinate(x))\" y=\"\(ReportFormat.coordinate(y))\"\(extra)>\(XMLText.escape(text))</text>")
    }

    /// Opens a group-like element.
    mutating func open(_ name: String, _ attributes: String) {
        add("<\(name) \(attributes)>")
        depth += 1
    }

    /// Closes the element opened last.
    mutating func close(_ name: String) {
        depth -= 1
        add("</\(name)>")
    }

    /// The finished document, ending with a newline.
    var document: String { (lines + ["</svg>"]).joined(separator: "\n") + "\n" }

    private mutating func add(_ line: String) { lines.append(String(repeating: "  ", count: depth) + line) }
}

/// Escaping of XML character data and attribute values.
enum XMLText {
    /// `text` with `& < > " '` escaped and control characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
