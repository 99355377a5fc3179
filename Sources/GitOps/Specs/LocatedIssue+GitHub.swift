extension LocatedIssue {
    /// The issue as a GitHub Actions workflow command, which GitHub shows as an annotation on the line:
    /// `::error file=F,line=L,col=C,title=field.path::message` (`::warning …` for warnings).
    ///
    /// Property values escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF.
    public var githubAnnotation: String {
        var properties = ["file=\(Self.escapeProperty(file))"]
        if line > 0 { properties += ["line=\(line)", "col=\(column)"] }
        if !path.isEmpty { properties.append("title=\(Self.escapeProperty(path))") }
        return "::\(severity == .warning ? "warning" : "error") \(properties.joined(separator: ","))::\(Self.escapeData(message))"
    }

    static func escapeData(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "%": escaped += "%25"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            case "\r\n": escaped += "%0D%0A"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func escapeProperty(_ text: String) -> String {
        var escaped = ""
        for character in escapeData(text) {
            switch character {
            case ":": escaped += "%3A"
            case ",": escaped += "%2C"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
