import Foundation
import Testing
import TestSupport

/// `iter8 run --status-branch` (or `ITER8_STATUS_BRANCH`) refuses, at start and saying why, a name Git does not take,
/// the watched branch itself, and settings that would still need a commit on the watched branch.
@Suite struct StatusBranchSettingsTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Shell.Finished {
        let binary = try BuiltExecutable.path("iter8")
        let folder = try TemporaryDirectory(prefix: "iter8-status-branch-settings")
        let token = folder.file("token")
        try "t0ken".write(to: token, atomically: true, encoding: .utf8)
        let all = ["run", "--repository", "file:///nonexistent", "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"]
            + arguments.map { $0 == "TOKEN" ? token.path : $0 }
        let variables = environment.merging(["ITER8_WORKDIR": folder.file("work").path]) { a, _ in a }
        return try await offPool { try Shell.capture(binary, all, environment: variables) }
    }

    static let pullRequests = [
        "--pull-request-provider", "github", "--pull-request-repository", "acme/rollouts", "--pull-request-token-file", "TOKEN",
    ]

    @Test func badStatusBranchSettingsAreRefusedAtStart() async throws {
        for (arguments, message) in [
            (["--status-branch", "main"] + Self.pullRequests + ["--pull-requests", "always"],
             "--status-branch main: the status branch must not be the watched branch 'main'"),
            (["--status-branch", "iter8 status"] + Self.pullRequests + ["--pull-requests", "always"],
             "--status-branch iter8 status: not a valid Git branch name"),
            (["--status-branch", "a..b"] + Self.pullRequests + ["--pull-requests", "always"], "not a valid Git branch name"),
            (["--status-branch", "iter8-status"], "set --pull-request-provider and --pull-requests always"),
            (["--status-branch", "iter8-status"] + Self.pullRequests, "--pull-requests promotions would commit some ends"),
            (["--status-branch", "iter8-status", "--apply-mode", "git"] + Self.pullRequests + ["--pull-requests", "always"],
             "--apply-mode git commits every split"),
        ] {
            let finished = try await Self.run(arguments)
            #expect(finished.status != 0)
            #expect(finished.errors.contains(message), "\(arguments): \(finished.errors)")
        }
        // The environment variable works like the flag.
        let finished = try await Self.run(
            Self.pullRequests + ["--pull-requests", "always"], environment: ["ITER8_STATUS_BRANCH": "main"])
        #expect(finished.errors.contains("the status branch must not be the watched branch"), "\(finished.errors)")
    }
}
