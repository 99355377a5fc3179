import ArgumentParser
import Experiments
import Foundation
import GitOps
import YAML

/// `iter8 status [REPOSITORY]`: a table of the experiments in a repository, from the status files the
/// service committed.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show every experiment's phase, iteration, weights, winner and verdict from a repository's status files.")

    @Argument(help: "A local repository path or a remote URL (default: the current directory).")
    var repository = "."

    @Option(help: "Branch to read.") var branch = "main"
    @Option(help: "Read the status files from this branch, where `iter8 run --status-branch` commits them (default: ITER8_STATUS_BRANCH, else --branch).")
    var statusBranch: String?
    @Option(help: "text or json.") var output = "text"
    @Option(help: "File holding a token for an https remote.") var tokenFile: String?

    func validate() throws {
        guard output == "text" || output == "json" else { throw ValidationError("--output must be text or json") }
    }

    func run() async throws {
        let source = try await RepositorySource.open(repository, branch: branch, tokenFile: tokenFile)
        defer { source.close() }
        let statusBranch = RepositorySource.statusBranch(statusBranch)
        var head = source.head
        if let statusBranch { head = try await source.head(of: statusBranch, location: repository) }
        var statuses: [(path: String, status: ExperimentStatus)] = []
        var problems: [String] = []
        for entry in try await source.repository.listTree(at: head, path: "", recursive: true)
        where StatusLayout.isStatusPath(entry.path) {
            guard let data = try await source.repository.readFile(path: entry.path, at: head) else { continue }
            do {
                let status = try StatusFile.read(data, file: entry.path)
                statuses.append((entry.path, status))
            } catch {
                problems.append("\(error)")
            }
        }
        let table = StatusTable(statuses)
        print(output == "json" ? try table.json() : table.text, terminator: "")
        for problem in problems { FileHandle.standardError.write(Data("unreadable status file: \(problem)\n".utf8)) }
        if statuses.isEmpty && output == "text" { print("no status files at \(head.short) on \(statusBranch ?? branch)") }
    }
}
