import Foundation
import Redaction

/// Where a repository's remote is and how to talk to it.
public struct GitRemote: Sendable, CustomStringConvertible {
    /// The remote URL: `file:///…`, `git://host:port/…`, `http(s)://host/…` or `ssh://user@host:port/…`.
    ///
    /// For https with libgit2's mbedTLS, use a host name (`https://localhost:8443/…`): certificates issued
    /// for an IP address do not match an IP literal URL.
    public var url: String
    /// The name under which fetched branches are recorded: `refs/remotes/<name>/<branch>`.
    public var name: String
    /// How to authenticate.
    public var credentials: GitCredentials
    /// A PEM file of extra certificate authorities to trust for https (a private CA).
    ///
    /// libgit2 1.5 only offers a process-wide trust store (`GIT_OPT_SET_SSL_CERT_LOCATIONS`). This
    /// library keeps the union of every CA file any remote asked for, plus the system bundle, and
    /// installs it process-wide; adding a CA therefore never removes trust in another. Because libgit2
    /// frees the old store when a new one is installed, add new CAs before concurrent https traffic
    /// starts (``LibGit2Repository/open(at:remote:)`` installs the remote's CA up front).
    public var certificateAuthorityFile: String?
    /// An OpenSSH `known_hosts` file; SSH servers whose key is not listed there are refused.
    public var knownHostsFile: String?
    /// The longest a network operation (ls-remote, fetch, push, clone) may take before it fails with `.network`.
    public var timeout: Duration
    /// Whether a password or token may go to an `http://` URL, where anyone on the path can read it.
    ///
    /// Off by default: a network operation with credentials on plain http throws ``GitError/Code/insecureTransport``
    /// before connecting. (libgit2 itself refuses a redirect from https to http.)
    public var allowsInsecureHTTP: Bool

    /// Describes a remote; `timeout` defaults to 30 seconds.
    public init(
        url: String, name: String = "origin", credentials: GitCredentials = .none,
        certificateAuthorityFile: String? = nil, knownHostsFile: String? = nil, timeout: Duration = .seconds(30),
        allowsInsecureHTTP: Bool = false
    ) {
        self.url = url
        self.name = name
        self.credentials = credentials
        self.certificateAuthorityFile = certificateAuthorityFile
        self.knownHostsFile = knownHostsFile
        self.timeout = timeout
        self.allowsInsecureHTTP = allowsInsecureHTTP
    }

    /// This remote as libgit2 is given it: the URL without its password (libgit2 writes the URL it is given
    /// into the clone's `.git/config`, `FETCH_HEAD` and reflogs), and the URL's user and password moved into
    /// ``credentials`` (answered through the credential callback) unless credentials were configured.
    ///
    /// - Throws: ``GitError`` `.insecureTransport` when a password or token would go over plain `http://` and
    ///   ``allowsInsecureHTTP`` is off.
    func forTransport(operation: String) throws(GitError) -> GitRemote {
        var copy = self
        if let info = URLUserInfo(url), url.contains("://"), let password = info.decodedPassword {
            copy.url = info.withoutPassword
            if case .none = credentials {
                copy.credentials = .userToken(user: info.decodedUser, token: password)
            }
        }
        let scheme = url.prefix { $0 != ":" }.lowercased()
        if scheme == "http", case .userToken = copy.credentials, !allowsInsecureHTTP {
            throw GitError(
                code: .insecureTransport, operation: operation,
                message: "refusing to send a password or token over plain http:// (anyone on the path could read it); "
                    + "use https://, or allow it explicitly (--allow-insecure-http)",
                context: context())
        }
        return copy
    }

    /// The redacted URL and the credential kind.
    public var description: String {
        "GitRemote(\(context().redactedRemote ?? ""), \(name), credentials: \(credentials))"
    }

    /// The error context for this remote and, optionally, a branch.
    func context(branch: String? = nil, path: String? = nil) -> GitError.Context {
        GitError.Context(remote: url, branch: branch, path: path, secrets: credentials.secrets)
    }
}
