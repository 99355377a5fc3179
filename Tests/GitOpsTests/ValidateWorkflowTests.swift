import Foundation
import Testing
import TestSupport
import YAML

/// `samples/github/workflows/iter8-validate.yaml`: valid YAML with the triggers, container, build and
/// validate steps GitHub needs, and a validate step whose script, run against a real pull-request branch,
/// checks exactly the changed iter8 files (with the repository's Metric files) and fails on errors.
@Suite("The pull-request validation workflow")
struct ValidateWorkflowTests {
    static let file = JSONSchemaChecker.repository.appendingPathComponent("samples/github/workflows/iter8-validate.yaml")

    static func workflow() throws -> YAMLNode {
        try YAMLParser().parseDocument(String(contentsOf: file, encoding: .utf8), file: file.path).root
    }

    /// The steps of the only job.
    static func steps() throws -> [YAMLNode] {
        let jobs = try #require(try workflow()["jobs"]?.mapping)
        #expect(jobs.count == 1)
        return try #require(jobs.first?.value["steps"]?.sequence)
    }

    static func text(_ node: YAMLNode?) -> String { node?.scalar?.value ?? "" }

    /// The step that runs `iter8 validate`.
    static func validateStep() throws -> YAMLNode {
        try #require(try steps().first { text($0["run"]).contains("iter8 validate --format github") })
    }

    @Test("triggers, container, checkout, build and validate steps are as GitHub and the build need them")
    func shape() throws {
        let root = try Self.workflow()
        #expect(root.mapping?.compactMap(\.key.scalar?.value) == ["name", "on", "permissions", "env", "jobs"])
        let paths = root["on"]?["pull_request"]?["paths"]?.sequence?.map { Self.text($0) } ?? []
        #expect(paths.contains("experiments/**") && paths.contains("**/*.yaml"))
        let job = try #require(root["jobs"]?.mapping?.first?.value)
        #expect(Self.text(job["runs-on"]) == "ubuntu-latest")
        #expect(Self.text(job["container"]) == "swift:6.1-bookworm")
        let steps = try Self.steps()
        #expect(steps.allSatisfy { Self.text($0["name"]).count > 3 })
        let checkout = try #require(steps.first)
        #expect(Self.text(checkout["uses"]).hasPrefix("actions/checkout@v"))
        #expect(Self.text(checkout["with"]?["fetch-depth"]) == "0")
        let runs = steps.map { Self.text($0["run"]) }.joined(separator: "\n")
        for package in ["libgit2-dev", "libcurl4-openssl-dev", "libyaml-dev"] { #expect(runs.contains(package)) }
        #expect(runs.contains("swift build -c release --product iter8"))
        let validate = try Self.validateStep()
        let script = Self.text(validate["run"])
        #expect(script.contains("git diff --name-only -z --diff-filter=d \"origin/$BASE_REF...HEAD\""))
        #expect(Self.text(validate["env"]?["BASE_REF"]) == "${{ github.base_ref }}")
        #expect(Self.text(validate["shell"]) == "bash")
        #expect(!script.contains("${{"), "expressions go through env, never into the script")
    }

    /// What a finished script left.
    struct Finished {
        var status: Int32
        var output: String
    }

    /// Runs `script` with bash in `directory`, waiting on a thread of its own.
    static func bash(_ script: String, in directory: URL, environment: [String: String]) async throws -> Finished {
        let bash = try RequiredTool.path("bash", package: "bash")
        let finished = try await offPool {
            try Shell.capture(
                bash, ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], directory: directory,
                environment: environment, mergeErrors: true)
        }
        return Finished(status: finished.status, output: finished.output)
    }

    static let metric = """
        apiVersion: iter8.tools/v2alpha2
        kind: Metric
        metadata: {name: books, namespace: bookinfo}
        spec:
          params:
          - name: query
            value: sum(books{w='$name'})

        """

    static func experiment(_ name: String, extra: String = "") -> String {
        """
        apiVersion: iter8.tools/v2alpha2
        kind: Experiment
        metadata: {name: \(name), namespace: bookinfo}
        spec:
          target: bookinfo/reviews
          strategy: {testingPattern: A/B}
          criteria:
            rewards: [{metric: books, preferredDirection: High}]
          versionInfo:
            baseline: {name: reviews-v1}
            candidates: [{name: reviews-v2}]
          routing: {virtualService: {name: reviews}, route: r}\(extra)

        """
    }

    static func write(_ files: [String: String], in directory: URL) throws {
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test("the validate step checks the changed iter8 files with the Metric files, annotates, and fails on errors")
    func validateStepOnAPullRequest() async throws {
        let script = Self.text(try Self.validateStep()["run"])
        let directory = try TemporaryDirectory()
        let origin = directory.url.appendingPathComponent("origin")
        try Self.write(
            [
                "metrics/books.yaml": Self.metric, "experiments/old.yaml": Self.experiment("reviews-old"),
                "experiments/gone.yaml": Self.experiment("reviews-gone"), "README.md": "experiments\n",
            ], in: origin)
        try await Shell.git(["init", "-q", "-b", "main", origin.path])
        try await Shell.git(["add", "-A"], in: origin)
        try await Shell.git(["commit", "-q", "-m", "base"], in: origin)
        let workspace = directory.url.appendingPathComponent("workspace")
        try await Shell.git(["clone", "-q", origin.path, workspace.path])
        try await Shell.git(["checkout", "-q", "-b", "pull-request"], in: workspace)
        try Self.write(
            [
                "experiments/new.yaml": Self.experiment("reviews-new"),
                "experiments/broken.yaml": Self.experiment("reviews-broken", extra: "\n  weigths: {maxCandidateWeight: 50}"),
                "istio/virtualservice.yaml": "apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\n",
                "notes.yml": "not: [iter8\n",
            ], in: workspace)
        try await Shell.git(["rm", "-q", "experiments/gone.yaml"], in: workspace)
        try await Shell.git(["add", "-A"], in: workspace)
        try await Shell.git(["commit", "-q", "-m", "change experiments"], in: workspace)

        let iter8 = URL(fileURLWithPath: try ReconcilerCrashTests.executable()).deletingLastPathComponent().path
        let globalConfig = directory.url.appendingPathComponent("gitconfig")
        try Data().write(to: globalConfig)
        var environment = Hermetic.gitEnvironment
        environment["GIT_CONFIG_GLOBAL"] = globalConfig.path
        environment["GITHUB_WORKSPACE"] = workspace.path
        environment["BASE_REF"] = "main"
        environment["PATH"] = iter8 + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        let failing = try await Self.bash(script, in: workspace, environment: environment)
        #expect(failing.status == 1, "\(failing.output)")
        #expect(
            failing.output.contains("checking 3 files: experiments/broken.yaml experiments/new.yaml metrics/books.yaml"),
            "\(failing.output)")
        let commands = failing.output.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == 1, "\(failing.output)")
        #expect(commands.allSatisfy { GitHubWorkflowCommandTests.parse($0) != nil })
        #expect(commands.first?.hasPrefix("::error file=experiments/broken.yaml,line=13,col=3,title=spec.weigths::") == true)

        try await Shell.git(["rm", "-q", "experiments/broken.yaml"], in: workspace)
        try await Shell.git(["commit", "-q", "-m", "fix"], in: workspace)
        let passing = try await Self.bash(script, in: workspace, environment: environment)
        #expect(passing.status == 0, "\(passing.output)")
        #expect(passing.output.contains("checking 2 files: experiments/new.yaml metrics/books.yaml"))
        #expect(!passing.output.contains("::error"))

        try await Shell.git(["checkout", "-q", "main"], in: workspace)
        let unchanged = try await Self.bash(script, in: workspace, environment: environment)
        #expect(unchanged.status == 0)
        #expect(unchanged.output.contains("no changed iter8 files"))
    }
}
