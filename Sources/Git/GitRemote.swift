import Foundation

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

    /// Describes a remote; `timeout` defaults to 30 seconds.
    public init(
        url: String, name: String = "origin", credentials: GitCredentials = .none,
        certificateAuthorityFile: String? = nil, knownHostsFile: String? = nil, timeout: Duration = .seconds(30)
    ) {
        self.url = url
        self.name = name
        self.credentials = credentials
        self.certificateAuthorityFile = certificateAuthorityFile
        self.knownHostsFile = knownHostsFile
        self.timeout = timeout
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
