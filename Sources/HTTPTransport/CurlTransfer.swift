import CCurl
import Foundation

/// One blocking libcurl transfer: turns a request and a configuration into easy-handle options, performs it on
/// a handle from the transport's pool, and collects the response. Runs entirely on the calling
/// (non-cooperative) thread.
enum CurlTransfer {
    /// Performs `request` and returns its response or the error describing why there is none.
    ///
    /// The handle goes back to `pool` only when a response arrived; after a failure it is closed with its
    /// connection. A request that loses a kept connection before any response (the server closed it while
    /// idle) is resent by libcurl itself on a new connection.
    static func run(
        _ request: HTTPRequest, configuration: CurlTransport.Configuration, pool: CurlHandlePool,
        cancellation: CancellationFlag
    ) -> Result<HTTPResponse, TransportError> {
        let context = RequestContext(request: request, authentication: configuration.authentication)
        let origin = origin(of: request.url)
        guard let handle = pool.take(origin: origin) else { return .failure(noHandle(context)) }
        let result = perform(request, on: handle, configuration: configuration, context: context, cancellation)
        if case .success = result { pool.giveBack(handle, origin: origin) }
        return result
    }

    /// `scheme://host:port` of `url`, lower-cased, without user information: which idle connection may serve it.
    static func origin(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(url.host?.lowercased() ?? ""):\(port)"
    }

    private static func perform(
        _ request: HTTPRequest, on curl: CurlHandle, configuration: CurlTransport.Configuration,
        context: RequestContext, _ cancellation: CancellationFlag
    ) -> Result<HTTPResponse, TransportError> {
        do {
            let handle = try CurlEasyHandle(curl, context: context, cancellation: cancellation)
            handle.state.limit = max(0, request.maximumResponseBytes ?? configuration.maximumResponseBytes)
            handle.state.announcesBody = request.method != .head
            try configure(handle, request: request, configuration: configuration, context: context)
            try handle.perform()
            let status = try handle.responseCode()
            return .success(HTTPResponse(status: status, headers: handle.state.headers, body: handle.state.body))
        } catch let error as TransportError {
            return .failure(error)
        } catch {
            return .failure(context.invalidRequest("unexpected error: \(error)"))
        }
    }

    private static func noHandle(_ context: RequestContext) -> TransportError {
        let initResult = CurlGlobal.initResult
        guard initResult == CURLE_OK.rawValue else {
            return CurlCode.error(CURLcode(rawValue: initResult), operation: "curl_global_init", context: context)
        }
        return CurlCode.error(CURLE_FAILED_INIT, operation: "curl_easy_init", context: context)
    }

    private static func configure(
        _ handle: CurlEasyHandle, request: HTTPRequest, configuration: CurlTransport.Configuration,
        context: RequestContext
    ) throws {
        try validate(request.url, context: context)
        let route = try ServerNameRoute.make(
            url: request.url, serverName: configuration.tls.serverName, context: context)
        try handle.set(CURLOPT_URL, route.url)
        if !route.connectTo.isEmpty { try handle.set(CURLOPT_CONNECT_TO, list: route.connectTo) }
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        try handle.set(CURLOPT_NOSIGNAL, 1)
        // The handle keeps only the connection of its latest transfer; the pool bounds the number of handles.
        try handle.set(CURLOPT_MAXCONNECTS, 1)
        if !configuration.usesProxyEnvironment { try handle.set(CURLOPT_PROXY, "") }
        try configureTimeouts(handle, configuration.timeouts.overridden(by: request.timeouts))
        try configureTLS(handle, configuration.tls)
        try configureMethodAndBody(handle, request: request, context: context)
        var headers = request.headers
        if let host = route.hostHeader, !headers.contains("Host") { headers.add(name: "Host", value: host) }
        try handle.set(
            CURLOPT_HTTPHEADER,
            list: try headerLines(headers, configuration: configuration, context: context))
    }

    private static func validate(_ url: URL, context: RequestContext) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw context.invalidRequest("only http and https URLs are supported")
        }
        guard let host = url.host, !host.isEmpty else { throw context.invalidRequest("the URL has no host") }
    }

    private static func configureTimeouts(_ handle: CurlEasyHandle, _ timeouts: HTTPTimeouts) throws {
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connect.map(milliseconds) ?? 0)
        try handle.set(CURLOPT_TIMEOUT_MS, timeouts.total.map(milliseconds) ?? 0)
    }

    /// Whole milliseconds, at least 1 (libcurl reads 0 as "no limit").
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    private static func configureTLS(_ handle: CurlEasyHandle, _ tls: TLSConfiguration) throws {
        switch tls.verification {
        case .full:
            try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
            try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        case .insecureSkipVerify:
            try handle.set(CURLOPT_SSL_VERIFYPEER, 0)
            try handle.set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let authority = tls.certificateAuthority {
            // The given CA replaces the system trust store (as kubeconfig's certificate-authority does).
            try handle.set(CURLOPT_CAPATH, nil)
            switch authority {
            case .file(let path): try handle.set(CURLOPT_CAINFO, path)
            case .pem(let pem):
                try handle.set(CURLOPT_CAINFO, nil)
                try handle.set(CURLOPT_CAINFO_BLOB, blob: pem)
            }
        }
        if let identity = tls.clientIdentity {
            try handle.set(CURLOPT_SSLCERTTYPE, "PEM")
            switch identity.certificate {
            case .file(let path): try handle.set(CURLOPT_SSLCERT, path)
            case .pem(let pem): try handle.set(CURLOPT_SSLCERT_BLOB, blob: pem)
            }
            try handle.set(CURLOPT_SSLKEYTYPE, "PEM")
            switch identity.key {
            case .file(let path): try handle.set(CURLOPT_SSLKEY, path)
            case .pem(let pem): try handle.set(CURLOPT_SSLKEY_BLOB, blob: pem)
            }
        }
    }

    private static func configureMethodAndBody(
        _ handle: CurlEasyHandle, request: HTTPRequest, context: RequestContext
    ) throws {
        let method = request.method
        guard !method.rawValue.isEmpty, method.rawValue.unicodeScalars.allSatisfy(isTokenCharacter) else {
            throw context.invalidRequest("the method is not an HTTP token")
        }
        let needsBody = [HTTPMethod.post, .put, .patch].contains(method)
        let body = request.body ?? (needsBody ? Data() : nil)
        switch (method, body) {
        case (.head, nil):
            try handle.set(CURLOPT_NOBODY, 1)
        case (.head, _):
            throw context.invalidRequest("a HEAD request cannot have a body")
        case (.get, nil):
            try handle.set(CURLOPT_HTTPGET, 1)
        case (_, nil):
            try handle.set(CURLOPT_CUSTOMREQUEST, method.rawValue)
        case (_, let body?):
            try handle.setBody(body)
            if method != .post { try handle.set(CURLOPT_CUSTOMREQUEST, method.rawValue) }
        }
    }

    /// The caller's headers, then the authentication header, then blanks that turn off libcurl's own
    /// `Expect: 100-continue` and form `Content-Type` (a `Name:` line with no value removes that header).
    private static func headerLines(
        _ headers: HTTPHeaders, configuration: CurlTransport.Configuration, context: RequestContext
    ) throws -> [String] {
        var headers = headers
        switch configuration.authentication {
        case .none: break
        case .bearer(let token):
            if !headers.contains("Authorization") { headers.add(name: "Authorization", value: "Bearer \(token)") }
        case .basic(let user, let password):
            let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
            if !headers.contains("Authorization") { headers.add(name: "Authorization", value: "Basic \(credentials)") }
        }
        if !headers.contains("User-Agent") { headers.add(name: "User-Agent", value: configuration.userAgent) }
        var lines = [String]()
        for field in headers {
            guard !field.name.isEmpty, field.name.unicodeScalars.allSatisfy(isTokenCharacter) else {
                throw context.invalidRequest("a header name is not an HTTP token")
            }
            // Only the name is reported: the value may be a credential.
            guard !field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw context.invalidRequest("the value of header '\(field.name)' contains a line break or NUL")
            }
            // "Name;" is libcurl's syntax for a header with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if !headers.contains("Expect") { lines.append("Expect:") }
        if !headers.contains("Content-Type") { lines.append("Content-Type:") }
        return lines
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) { return true }
        return "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
    }
}
