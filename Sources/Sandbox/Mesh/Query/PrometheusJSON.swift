import Foundation

/// The bodies of Prometheus' `/api/v1/query`, byte for byte in Prometheus' format:
/// `{"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[1700000000.5,"42"]}]}}`
/// and `{"status":"error","errorType":"bad_data","error":"…"}`.
enum PrometheusJSON {
    /// A success body for `value` evaluated at Unix time `time`.
    static func success(_ value: MeshQueryValue, time: Double) -> Data {
        let stamp = timestamp(time)
        var out = #"{"status":"success","data":{"resultType":"#
        switch value {
        case .scalar(let number):
            out += #""scalar","result":[\#(stamp),"\#(format(number))"]"#
        case .vector(let samples):
            out += #""vector","result":["#
            out += samples.map { sample in
                let labels = sample.labels.sorted { $0.key < $1.key }.map { "\(string($0.key)):\(string($0.value))" }
                return #"{"metric":{\#(labels.joined(separator: ","))},"value":[\#(stamp),"\#(format(sample.value))"]}"#
            }.joined(separator: ",")
            out += "]"
        }
        out += "}}"
        return Data(out.utf8)
    }

    /// An error body.
    static func error(_ error: MeshQueryError) -> Data {
        Data(#"{"status":"error","errorType":"\#(error.code.rawValue)","error":\#(string(error.message))}"#.utf8)
    }

    /// A sample value as Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest decimal that reads back
    /// exactly, never in exponent notation; `NaN`, `+Inf`, `-Inf`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        var text = "\(value)"
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0] + (parts.count > 1 ? parts[1] : ""))
        var point = parts[0].count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > max(point, 1), digits.last == "0" { digits.removeLast() }
        let body: String
        if point <= 0 {
            body = "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            body = String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            body = String(digits[..<point]) + "." + String(digits[point...])
        }
        return (negative ? "-" : "") + body
    }

    /// Unix seconds with millisecond precision, as Prometheus writes them: `1700000000`, `1700000000.5`.
    static func timestamp(_ time: Double) -> String {
        let milliseconds = Int64((time * 1000).rounded())
        let seconds = milliseconds.quotientAndRemainder(dividingBy: 1000)
        guard seconds.remainder != 0 else { return String(seconds.quotient) }
        var fraction = String(abs(seconds.remainder))
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (milliseconds < 0 && seconds.quotient == 0 ? "-" : "") + String(seconds.quotient) + "." + fraction
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
