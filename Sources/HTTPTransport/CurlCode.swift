import CCurl
import Foundation
import Redaction

/// What an error needs to know about the request it belongs to, free of secrets.
struct RequestContext: Sendable {
    /// The request method token.
    let method: String
    /// The URL after `Redacted.url`.
    let redactedURL: String
    /// Strings that must never appear in diagnostic text: credentials, URL user information, the raw URL.
    let secrets: [String]

    init(request: HTTPRequest, authentication: HTTPAuthentication) {
        method = request.method.rawValue
        let raw = request.url.absoluteString
        redactedURL = Redacted.url(raw)
        var secrets = authentication.secrets
        for part in [request.url.user(percentEncoded: true), request.url.user(percentEncoded: false),
                     request.url.password(percentEncoded: true), request.url.password(percentEncoded: false)] {
            if let part { secrets.append(part) }
        }
        if raw != redactedURL { secrets.append(raw) }
        // Longest first, so a secret containing another is masked whole.
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// `text` with the raw URL replaced by the redacted one and every known secret masked.
    func scrub(_ text: String) -> String {
        secrets.reduce(text) { text, secret in
            text.replacingOccurrences(of: secret, with: Redacted.mask)
        }
    }

    /// A ``TransportError/Code/invalidRequest`` error raised before libcurl ran.
    func invalidRequest(_ reason: String) -> TransportError {
        TransportError(code: .invalidRequest, curlCode: nil, message: scrub(reason), method: method, url: redactedURL)
    }
}

/// The one place where a libcurl `CURLcode` becomes a ``TransportError``; classification is by code only.
enum CurlCode {
    /// Builds the error for a failed libcurl call.
    ///
    /// - Parameters:
    ///   - rc: the failing return code (not `CURLE_OK`).
    ///   - operation: what was being done when it is not the transfer itself (e.g. `setting CURLOPT_URL`).
    ///   - detail: the handle's error buffer, possibly empty; it is scrubbed of secrets here.
    ///   - cancelled: whether this request's cancellation flag was set, which makes an abort a cancellation.
    static func error(
        _ rc: CURLcode, operation: String? = nil, detail: String = "", cancelled: Bool = false,
        context: RequestContext
    ) -> TransportError {
        let message = String(cString: curl_easy_strerror(rc))
        var details = [String]()
        if let operation { details.append(operation) }
        if !detail.isEmpty { details.append(context.scrub(detail)) }
        return TransportError(
            code: code(for: rc, cancelled: cancelled), curlCode: Int(rc.rawValue), message: message,
            detail: details.joined(separator: ": "), method: context.method, url: context.redactedURL)
    }

    /// The error for a transfer aborted because its body went past `limit` bytes.
    static func tooLarge(_ rc: CURLcode, limit: Int, context: RequestContext) -> TransportError {
        TransportError(
            code: .responseTooLarge, curlCode: Int(rc.rawValue), message: "the response body exceeds the limit of \(limit) bytes",
            method: context.method, url: context.redactedURL, limit: limit)
    }

    /// Throws the error for `rc` unless it is `CURLE_OK`.
    static func check(_ rc: CURLcode, _ operation: @autoclosure () -> String, context: RequestContext) throws {
        guard rc != CURLE_OK else { return }
        throw error(rc, operation: operation(), context: context)
    }

    /// The stable code for a libcurl return code.
    static func code(for rc: CURLcode, cancelled: Bool) -> TransportError.Code {
        switch rc {
        case CURLE_COULDNT_CONNECT:
            .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            .resolveFailed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
            CURLE_USE_SSL_FAILED:
            .tlsFailure
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_HTTP3:
            .connectionLost
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION,
            CURLE_NOT_BUILT_IN:
            .invalidRequest
        case CURLE_ABORTED_BY_CALLBACK:
            cancelled ? .cancelled : .other
        default:
            .other
        }
    }
}
