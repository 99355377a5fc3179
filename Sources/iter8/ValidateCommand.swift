import ArgumentParser
import Foundation
import GitOps

/// `iter8 validate PATH...`: checks Experiment and Metric files, as CI does on a pull request.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check Experiment and Metric files (files or folders; .yaml and .yml).",
        discussion: """
            Every problem is printed as file:line:col: field.path: message. Metric references are resolved \
            against the Metric files among the given paths and the built-in Istio metrics. Exits with 1 when \
            anything is invalid.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human
        case github
    }

    @Argument(help: "Files or folders to check.")
    var paths: [String]

    @Option(help: "Output format: human, or github for workflow annotations.")
    var format: Format = .human

    func run() throws {
        let files = try SpecFiles.collect(paths)
        var set = SpecSet()
        let loader = SpecLoader()
        var unreadable: [LocatedIssue] = []
        for file in files {
            guard let text = try SpecFiles.read(file) else {
                unreadable.append(SpecFiles.notUTF8(file))
                continue
            }
            set.add(loader.load(text, file: file))
        }
        set.resolveMetrics()
        let issues = (unreadable + set.issues).sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        for issue in issues {
            print(format == .github ? issue.githubAnnotation : issue.description)
        }
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        let summary =
            "\(files.count) file\(files.count == 1 ? "" : "s"): \(set.experiments.count) valid experiment\(set.experiments.count == 1 ? "" : "s"), "
            + "\(set.metrics.count) metric\(set.metrics.count == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), "
            + "\(warnings) warning\(warnings == 1 ? "" : "s")"
        if format == .human { print(summary) } else { FileHandle.standardError.write(Data((summary + "\n").utf8)) }
        if errors > 0 { throw ExitCode(1) }
    }
}
