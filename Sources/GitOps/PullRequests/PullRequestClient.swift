import Foundation
import HTTPTransport

/// The forge API the pull-request flow works through: open a request, read its state, find one by its branch,
/// comment on it. ``GitHubPullRequests`` (REST v3) and ``GitLabMergeRequests`` (REST v4) implement it.
public protocol PullRequestClient: Sendable {
    /// Opens a request merging `draft.head` into `draft.base`.
    func create(_ draft: PullRequestDraft) async throws(PullRequestError) -> PullRequest
    /// The request numbered `number`, with its state.
    func get(number: Int) async throws(PullRequestError) -> PullRequest
    /// The requests (open, merged or closed) whose head is `head`, newest first.
    func list(head: String) async throws(PullRequestError) -> [PullRequest]
    /// Adds a comment (GitHub issue comment, GitLab note) to request `number`.
    func comment(number: Int, body: String) async throws(PullRequestError)
}

/// Which forge API a repository's requests go through.
public enum PullRequestProvider: String, Codable, Hashable, Sendable, CaseIterable {
    /// GitHub REST v3 (github.com or GitHub Enterprise Server).
    case github
    /// GitLab REST v4 (gitlab.com or self-hosted).
    case gitlab

    /// The public API root: `https://api.github.com`, `https://gitlab.com/api/v4`.
    public var defaultBaseURL: URL {
        switch self {
        case .github: URL(string: "https://api.github.com")!
        case .gitlab: URL(string: "https://gitlab.com/api/v4")!
        }
    }
}

/// Where the requests go: the forge, its API root (GitHub Enterprise `https://host/api/v3`, a self-hosted
/// GitLab's `https://host/api/v4`), the repository (`owner/name` on GitHub; the project's path or numeric id on
/// GitLab) and the token.
public struct PullRequestAPI: Sendable, Hashable {
    /// The forge.
    public var provider: PullRequestProvider
    /// The API root, without a trailing slash.
    public var baseURL: URL
    /// `owner/name` (GitHub) or `group/subgroup/project` or a numeric id (GitLab).
    public var repository: String
    /// The token, sent as `Authorization: Bearer` (never logged).
    public var token: String

    /// Creates a configuration.
    public init(provider: PullRequestProvider, baseURL: URL? = nil, repository: String, token: String) {
        self.provider = provider
        self.baseURL = baseURL ?? provider.defaultBaseURL
        self.repository = repository
        self.token = token
    }

    /// Reads the token from a file (its surrounding whitespace trimmed).
    ///
    /// - Throws: ``PullRequestError`` `.tokenUnreadable` when the file cannot be read or holds nothing.
    public static func token(fromFile path: String) throws(PullRequestError) -> String {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PullRequestError(code: .tokenUnreadable, message: "cannot read the token file: \(error.localizedDescription)", request: path)
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw PullRequestError(code: .tokenUnreadable, message: "the token file is empty", request: path)
        }
        return token
    }

    /// The URL of `path` (starting with `/`, already percent-encoded) under the API root, with `query`.
    func url(_ path: String, query: [(String, String)] = []) -> URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return URL(string: text)!
    }

    /// Percent-encodes a path segment or query value (a `/` too: GitLab's project paths).
    static func encode(_ value: String) -> String { PercentEncoding.encoded(value) }
}
