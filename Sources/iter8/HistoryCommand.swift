import ArgumentParser
import Foundation
import GitOps

/// `iter8 history [REPOSITORY]`: the rollout history from the trailers of the service's commits, newest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show the rollout history (promotions, rollbacks, verdicts, status changes) from commit trailers.")

    @Argument(help: "A local repository path or a remote URL (default: the current directory).")
    var repository = "."

    @Option(help: "Branch to read.") var branch = "main"
    @Option(help: "Also read the status commits on this branch, where `iter8 run --status-branch` makes them (default: ITER8_STATUS_BRANCH).")
    var statusBranch: String?
    @Option(help: "Only this experiment (namespace/name or name).") var experiment: String?
    @Option(help: "Commits to read at most.") var limit = 1000
    @Option(help: "text or json.") var output = "text"
    @Option(help: "File holding a token for an https remote.") var tokenFile: String?

    func validate() throws {
        guard output == "text" || output == "json" else { throw ValidationError("--output must be text or json") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let source = try await RepositorySource.open(repository, branch: branch, tokenFile: tokenFile)
        defer { source.close() }
        var commits = try await source.repository.log(from: source.head, limit: limit)
        if let statusBranch = RepositorySource.statusBranch(statusBranch) {
            // The iterations are on the status branch, the merged ends on the watched one: one history, newest first.
            let head = try await source.head(of: statusBranch, location: repository)
            commits = RolloutHistory.interleaved([commits, try await source.repository.log(from: head, limit: limit)], limit: limit)
        }
        let entries = RolloutHistory.entries(from: commits, experiment: experiment)
        print(output == "json" ? try RolloutHistory.json(entries) : RolloutHistory.text(entries), terminator: "")
    }
}
