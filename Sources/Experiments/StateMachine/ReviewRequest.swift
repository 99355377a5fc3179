import Foundation

/// A pull request (GitHub) or merge request (GitLab) that carries an experiment's end for people to review:
/// recorded in the status file, so a restarted service polls the same request instead of opening another.
public struct ReviewRequest: Codable, Hashable, Sendable {
    /// Where the request stands, as the forge reports it (a squash or rebase merge is `merged` too).
    public enum State: String, Codable, Hashable, Sendable {
        /// Waiting for review.
        case open
        /// Merged: the end may be carried out.
        case merged
        /// Closed without a merge: the end was refused.
        case closed
    }

    /// The request's number (GitHub `number`, GitLab `iid`).
    public var number: Int
    /// Its page, for people.
    public var url: String
    /// The branch holding the end's commit.
    public var branch: String
    /// Open, merged or closed, as last seen.
    public var state: State

    /// Creates a record.
    public init(number: Int, url: String, branch: String, state: State) {
        self.number = number
        self.url = url
        self.branch = branch
        self.state = state
    }
}

/// Which ends go through a request for review instead of straight to the watched branch (spec
/// `promotion.pullRequest`, or the service's default).
public enum ReviewPolicy: String, Codable, Hashable, Sendable, CaseIterable {
    /// Every end is committed directly (the default).
    case never
    /// Promotions (a winner, a kept or user-given split) wait for a merged request; rollbacks go straight in.
    case promotions
    /// Rollbacks wait for a merged request; promotions go straight in.
    case rollbacks
    /// Every end that moves traffic waits for a merged request.
    case always

    /// Whether an end of `kind` waits for review under this policy.
    public func reviews(_ kind: FinishPlan.Kind) -> Bool {
        switch self {
        case .never: false
        case .always: true
        case .promotions: kind != .rollback
        case .rollbacks: kind == .rollback
        }
    }
}
