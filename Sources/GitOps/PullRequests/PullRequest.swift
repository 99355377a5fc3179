import Foundation

/// A pull request (GitHub) or merge request (GitLab) as the service sees it: enough to find it again, link to it
/// and tell whether it was merged.
public struct PullRequest: Codable, Hashable, Sendable {
    /// Where a request stands. A squash or rebase merge is `merged` too: the forge's own merged state is read,
    /// never commit ids.
    public enum State: String, Codable, Hashable, Sendable {
        /// Open for review (GitLab `opened` or `locked`, GitHub `open`).
        case open
        /// Merged, whatever the merge method.
        case merged
        /// Closed without a merge.
        case closed
    }

    /// The number people use: GitHub's `number`, GitLab's `iid` (`!12`).
    public var number: Int
    /// The page of the request (`html_url`, `web_url`).
    public var webURL: String
    /// Open, merged or closed.
    public var state: State
    /// The branch it merges from.
    public var head: String
    /// The branch it merges into.
    public var base: String
    /// Its title.
    public var title: String

    /// Creates a request.
    public init(number: Int, webURL: String, state: State, head: String, base: String, title: String) {
        self.number = number
        self.webURL = webURL
        self.state = state
        self.head = head
        self.base = base
        self.title = title
    }
}

/// What to open: a branch to merge into another, with a title and a Markdown body.
public struct PullRequestDraft: Hashable, Sendable {
    /// The branch holding the change.
    public var head: String
    /// The branch to merge it into (the watched branch).
    public var base: String
    /// The title (the commit's subject).
    public var title: String
    /// The description, Markdown (the experiment's report).
    public var body: String

    /// Creates a draft.
    public init(head: String, base: String, title: String, body: String) {
        self.head = head
        self.base = base
        self.title = title
        self.body = body
    }
}
