import ArgumentParser

/// `iter8`: metrics-driven rollouts on Istio with Git as the source of truth.
@main
struct Iter8: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iter8",
        abstract: "Metrics-driven rollouts on Istio, with a Git repository as the single source of truth.",
        subcommands: [DemoCommand.self, RunCommand.self, StatusCommand.self, HistoryCommand.self, ValidateCommand.self, ReplayCommand.self, SandboxCommand.self])
}
