import Foundation

/// The inputs of a `notification/http` task: `url` (iter8's etc3 spelled it `URL`; either, not both), `method`,
/// `authType`, `secret`, `headers` (iter8's list of `name`/`value`, or a mapping) and `body`.
enum HTTPTaskRules {
    static func validate(
        _ inputs: [String: TaskValue], secret: String?, at path: FieldPath, _ issues: inout IssueList
    ) -> HTTPNotificationRequest? {
        var valid = true
        if inputs["url"] != nil && inputs["URL"] != nil {
            issues.error(path.appending("URL"), "give the address once, as url or URL")
            valid = false
        }
        let urlKey = inputs["url"] != nil ? "url" : "URL"
        let url = self.url(inputs[urlKey], at: path.appending(urlKey), &issues)
        if inputs[urlKey] == nil { issues.error(path.appending("url"), "missing required input: the address to send to") }

        var method = HTTPNotificationRequest.Method.post
        if let text = TaskRules.text(inputs["method"], at: path.appending("method"), &issues) {
            if let parsed = HTTPNotificationRequest.Method(rawValue: text) {
                method = parsed
            } else {
                issues.error(path.appending("method"), "expected GET or POST, found \(ExperimentValidator.quoted(text))")
                valid = false
            }
        }
        var authentication: HTTPNotificationRequest.Authentication?
        if let text = TaskRules.text(inputs["authType"], at: path.appending("authType"), &issues) {
            authentication = HTTPNotificationRequest.Authentication(rawValue: text)
            if authentication == nil {
                issues.error(path.appending("authType"), "expected Basic, Bearer or APIKey, found \(ExperimentValidator.quoted(text))")
                valid = false
            } else if inputs["secret"] == nil {
                issues.error(path.appending("secret"), "authType \(text) needs a Secret: its keys hold the credentials")
                valid = false
            }
        }
        let headers = self.headers(inputs["headers"], at: path.appending("headers"), &issues)
        if let headers {
            if headers.contains(where: { !$0.secretKeys.isEmpty }), inputs["secret"] == nil {
                issues.error(path.appending("headers"), "{{ .secret.<key> }} needs a Secret (with.secret)")
                valid = false
            }
            if authentication == .apiKey, !headers.contains(where: { !$0.secretKeys.isEmpty }) {
                issues.error(path.appending("headers"), "authType APIKey sends the key in a header: name it with {{ .secret.<key> }}")
                valid = false
            }
        } else if authentication == .apiKey, inputs["headers"] == nil {
            issues.error(path.appending("headers"), "authType APIKey sends the key in a header: name it with {{ .secret.<key> }}")
            valid = false
        }
        let body = TaskRules.text(inputs["body"], at: path.appending("body"), &issues)
        if let body {
            if body.contains("{{") {
                issues.error(
                    path.appending("body"),
                    "templates are not filled in a body (the service sends it as written); leave body out for the JSON summary")
                valid = false
            }
            if method == .get {
                issues.error(path.appending("body"), "a GET request sends no body")
                valid = false
            }
            if body.utf8.count > 64 << 10 {
                issues.error(path.appending("body"), "at most 64 KiB")
                valid = false
            }
        }
        guard valid, let url, let headers = headers ?? (inputs["headers"] == nil ? [] : nil) else { return nil }
        return HTTPNotificationRequest(url: url, method: method, authentication: authentication, headers: headers, body: body)
    }

    /// An `http(s)://` address with a host and no credentials; plain http is a warning (the service sends it only
    /// with `--allow-insecure-http`).
    static func url(_ value: TaskValue?, at path: FieldPath, _ issues: inout IssueList) -> URL? {
        guard let text = TaskRules.text(value, at: path, &issues) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            issues.error(path, "expected an http(s):// URL with a host, found \(ExperimentValidator.quoted(text))")
            return nil
        }
        guard url.user == nil, url.password == nil else {
            issues.error(path, "credentials do not belong in a URL in Git: use authType and a Secret")
            return nil
        }
        if scheme == "http" {
            issues.warning(path, "plain http: the service sends it only when it runs with --allow-insecure-http")
        }
        return url
    }

    /// iter8's `[{name, value}]`, or a mapping of names to values (sorted by name).
    static func headers(
        _ value: TaskValue?, at path: FieldPath, _ issues: inout IssueList
    ) -> [HTTPNotificationRequest.Header]? {
        guard let value else { return nil }
        var pairs: [(name: String?, value: String?, path: FieldPath)] = []
        switch value {
        case .list(let items):
            for (index, item) in items.enumerated() {
                let itemPath = path.appending(index)
                guard let entries = item.map else {
                    issues.error(itemPath, "expected a mapping with name and value, found \(item.shape)")
                    continue
                }
                for key in entries.keys.sorted() where key != "name" && key != "value" {
                    issues.error(itemPath.appending(key), "unknown field of a header (expected name, value)")
                }
                pairs.append((
                    TaskRules.text(entries["name"], at: itemPath.appending("name"), &issues),
                    TaskRules.text(entries["value"], at: itemPath.appending("value"), &issues), itemPath))
            }
        case .map(let entries):
            for key in entries.keys.sorted() {
                pairs.append((key, TaskRules.text(entries[key], at: path.appending(key), &issues), path.appending(key)))
            }
        case .text:
            issues.error(path, "expected a list of name and value, found text")
            return nil
        }
        var headers: [HTTPNotificationRequest.Header] = []
        var valid = true
        for pair in pairs {
            guard let name = pair.name, let value = pair.value else {
                issues.error(pair.path, "a header needs a name and a value")
                valid = false
                continue
            }
            guard isToken(name) else {
                issues.error(pair.path, "\(ExperimentValidator.quoted(name)) is not a header name (letters, digits and !#$%&'*+-.^_`|~)")
                valid = false
                continue
            }
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                issues.error(pair.path, "a header value is one line")
                valid = false
                continue
            }
            let unsupported = SecretPlaceholder.unsupported(in: value)
            guard unsupported.isEmpty else {
                issues.error(
                    pair.path,
                    "\(ExperimentValidator.quoted(unsupported[0])): the only template filled is {{ .secret.<key> }}")
                valid = false
                continue
            }
            headers.append(.init(name: name, value: value))
        }
        return valid ? headers : nil
    }

    /// An HTTP token (RFC 9110), at most 256 characters.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 256
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }
}
