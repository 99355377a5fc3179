import Kubernetes

/// One header condition of a Gateway API `HTTPRouteMatch`: `Exact` (the default) or `RegularExpression` (the whole
/// value must match), on a case-insensitive header name.
struct HeaderMatch {
    /// The header's name, lower-cased.
    var name: String
    private var test: Test

    private enum Test {
        case exact(String)
        case regex(Regex<AnyRegexOutput>)
    }

    /// Whether a request with `headers` (names lower-cased) satisfies the condition.
    func accepts(_ headers: [String: String]) -> Bool {
        guard let value = headers[name] else { return false }
        switch test {
        case .exact(let expected): return value == expected
        case .regex(let regex): return (try? regex.wholeMatch(in: value)) != nil
        }
    }

    /// The header conditions of one `HTTPRouteMatch` at `path`, after checking the fields a real API server checks:
    /// its header conditions' names, values and types, and the types of its path condition.
    static func conditions(_ match: JSONValue, path: String) throws(MeshHTTPRoute.Invalid) -> [HeaderMatch] {
        guard case .object = match else { throw MeshHTTPRoute.Invalid(reason: "\(path): expected an object") }
        if let type = match["path"]?["type"]?.stringValue, !["Exact", "PathPrefix", "RegularExpression"].contains(type) {
            throw MeshHTTPRoute.Invalid(reason: "\(path).path.type: unsupported value \"\(type)\"")
        }
        let headers = try MeshHTTPRoute.list(match["headers"], "\(path).headers")
        return try headers.enumerated().map { (index, header) throws(MeshHTTPRoute.Invalid) in
            let field = "\(path).headers[\(index)]"
            guard let name = header["name"]?.stringValue, !name.isEmpty else {
                throw MeshHTTPRoute.Invalid(reason: "\(field).name: required")
            }
            guard let value = header["value"]?.stringValue else {
                throw MeshHTTPRoute.Invalid(reason: "\(field).value: required")
            }
            switch header["type"]?.stringValue ?? "Exact" {
            case "Exact":
                return HeaderMatch(name: name.lowercased(), test: .exact(value))
            case "RegularExpression":
                guard let regex = try? Regex(value) else {
                    throw MeshHTTPRoute.Invalid(reason: "\(field).value: not a regular expression: \(value)")
                }
                return HeaderMatch(name: name.lowercased(), test: .regex(regex))
            case let other:
                throw MeshHTTPRoute.Invalid(reason: "\(field).type: unsupported value \"\(other)\"")
            }
        }
    }
}
