import Experiments
import Git

/// A status branch setting the service cannot run with (``ReconcilerConfiguration/validateStatusBranch()``).
public struct StatusBranchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Code: String, Sendable, Hashable {
        /// Not a name Git takes for a branch.
        case invalidName
        /// The watched branch itself.
        case sameAsWatched
        /// No pull request provider: every end would have to be pushed to the watched branch.
        case noPullRequests
        /// A pull request policy other than `always`: some ends would be pushed to the watched branch.
        case policyNotAlways
        /// `--apply-mode git`: every split would be pushed to the watched branch.
        case gitApplyMode
    }

    /// What is wrong.
    public var code: Code
    /// The status branch's name.
    public var branch: String
    /// What to do about it.
    public var message: String

    public var description: String { "--status-branch \(branch): \(message)" }
}

extension ReconcilerConfiguration {
    /// Checks ``statusBranch`` against the rest: a valid branch name other than the watched one, and nothing that
    /// would need a commit on the watched branch — ends go by pull request under the policy `always`, and the
    /// apply mode is not forced to `git`. Without a status branch there is nothing to check.
    public func validateStatusBranch() throws(StatusBranchError) {
        guard let name = statusBranch else { return }
        func fail(_ code: StatusBranchError.Code, _ message: String) -> StatusBranchError {
            StatusBranchError(code: code, branch: name, message: message)
        }
        guard BranchName.isValid(name) else {
            throw fail(.invalidName, "not a valid Git branch name (no spaces, '..', '~^:?*[\\', leading '-' or trailing '.lock')")
        }
        guard name != branch else {
            throw fail(.sameAsWatched, "the status branch must not be the watched branch '\(branch)'")
        }
        guard let pullRequests else {
            throw fail(
                .noPullRequests,
                "the service never pushes to the watched branch '\(branch)' then, so ends must go by pull request: "
                    + "set --pull-request-provider and --pull-requests always")
        }
        guard pullRequests.defaultPolicy == .always else {
            throw fail(
                .policyNotAlways,
                "--pull-requests \(pullRequests.defaultPolicy.rawValue) would commit some ends straight to the watched branch "
                    + "'\(branch)', which takes no commits from the service then: use --pull-requests always")
        }
        guard applyModeOverride != .git else {
            throw fail(
                .gitApplyMode,
                "--apply-mode git commits every split to the watched branch '\(branch)', which takes no commits from the "
                    + "service then: use cluster")
        }
    }
}
