import Foundation
import GitOps
import Testing
import TestSupport

/// `iter8 validate --format github`, run as the process CI runs: every output line is a GitHub workflow
/// command in GitHub's grammar and escaping, carrying exactly the issue the loader found, and the exit code
/// fails the check only when something is invalid.
@Suite("iter8 validate --format github prints GitHub workflow commands")
struct GitHubWorkflowCommandTests {
    /// What a finished `iter8` process left.
    struct Run {
        var status: Int32
        var output: String
        var errors: String

        var lines: [Substring] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// Runs the `iter8` executable next to the test bundle in `directory`, waiting on a thread of its own.
    static func iter8(_ arguments: [String], in directory: URL) async throws -> Run {
        let binary = try ReconcilerCrashTests.executable()
        let finished = try await offPool { try Shell.capture(binary, arguments, directory: directory) }
        return Run(status: finished.status, output: finished.output, errors: finished.errors)
    }

    /// One workflow command, parsed strictly and unescaped.
    struct Command: Equatable {
        var level: String
        var file: String
        var line: Int
        var column: Int
        var title: String?
        var message: String
    }

    /// A property value: `%`, CR, LF, `:` and `,` appear only escaped.
    static let property = #"(?:[^%\r\n:,]|%25|%0D|%0A|%3A|%2C)*"#
    /// A message: `%`, CR and LF appear only escaped.
    static let data = #"(?:[^%\r\n]|%25|%0D|%0A)*"#
    /// `::error file=F,line=L,col=C[,title=T]::M` or the same with `warning` (line and column are left out
    /// only for a problem about the whole file).
    static func grammar() throws -> Regex<AnyRegexOutput> {
        try Regex(
            #"^::(error|warning) file=(\#(property))(?:,line=([1-9][0-9]*),col=([1-9][0-9]*))?(?:,title=(\#(property)))?::(\#(data))$"#)
    }

    /// Parses a line by the grammar, or nil when it does not match exactly.
    static func parse(_ line: Substring) -> Command? {
        guard let match = try? grammar().wholeMatch(in: line) else { return nil }
        func text(_ index: Int) -> String? { match.output[index].substring.map(String.init) }
        guard let level = text(1), let file = text(2), let message = text(6) else { return nil }
        return Command(
            level: level, file: unescape(file), line: text(3).flatMap(Int.init) ?? 0, column: text(4).flatMap(Int.init) ?? 0,
            title: text(5).map(unescape), message: unescape(message))
    }

    /// Reverses GitHub's escaping (`%25` last, so `%253A` stays `%3A`).
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
            .replacingOccurrences(of: "%25", with: "%")
    }

    /// The loader's own issues for files under `directory`, as the command would print them.
    static func expected(_ files: [String], in directory: URL) throws -> [Command] {
        var set = SpecSet()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            set.add(SpecLoader().load(text, file: file))
        }
        set.resolveMetrics()
        return set.issues.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }.map {
            Command(
                level: $0.severity == .warning ? "warning" : "error", file: $0.file, line: $0.line, column: $0.column,
                title: $0.path.isEmpty ? nil : $0.path, message: $0.message)
        }
    }

    @Test("the grammar itself accepts GitHub's examples and rejects unescaped separators")
    func grammarSelfCheck() {
        #expect(Self.parse("::error file=app.js,line=1,col=5,title=a%3Ab::Missing semicolon") != nil)
        #expect(Self.parse("::warning file=a%2Cb.yaml,line=10,col=1::50%25 done%0Anext line") != nil)
        #expect(Self.parse("::error file=a,b.yaml,line=1,col=1::m") == nil)
        #expect(Self.parse("::error file=a.yaml,line=1,col=1,title=x:y::m") == nil)
        #expect(Self.parse("::error file=a.yaml,line=1,col=1::100% sure") == nil)
        #expect(Self.parse("::error file=a.yaml,line=0,col=1::m") == nil)
        #expect(Self.parse("::error file=a.yaml,line=3::m") == nil)
        #expect(Self.parse("::warning file=m.yaml::a: b") == Command(level: "warning", file: "m.yaml", line: 0, column: 0, title: nil, message: "a: b"))
        #expect(Self.parse("::notice file=a.yaml,line=1,col=1::m") == nil)
    }

    @Test("every invalid fixture gives exit code 1 and workflow commands carrying the loader's issues exactly")
    func invalidFixtures() async throws {
        let folder = JSONSchemaChecker.fixtures
        let files = try SamplesTests.files(folder.appendingPathComponent("invalid")).map { "invalid/\($0.lastPathComponent)" }
        #expect(files.count >= 10)
        for file in files {
            let run = try await Self.iter8(["validate", "--format", "github", file], in: folder)
            #expect(run.status == 1, "\(file): exit \(run.status)")
            let commands = run.lines.map { (line: $0, command: Self.parse($0)) }
            for (line, command) in commands where command == nil {
                Issue.record("\(file): not a GitHub workflow command: \(line.debugDescription)")
            }
            #expect(commands.compactMap(\.command) == (try Self.expected([file], in: folder)), "\(file)")
            #expect(commands.contains { $0.command?.level == "error" }, "\(file)")
            #expect(run.errors.contains("1 file: "), "\(file): summary on stderr: \(run.errors)")
        }
    }

    @Test("file names, field paths and messages with %, CR, LF, ':' and ',' are escaped as GitHub requires")
    func escaping() async throws {
        let directory = try TemporaryDirectory()
        let file = "we:ird,100%.yaml"
        let text = """
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata:
              name: "50%\\r\\nbad"
            spec:
              target: bookinfo/reviews
              strategy: {testingPattern: Conformance}
              versionInfo: {baseline: {name: reviews-v1}}
            ---
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata: {name: odd}
            spec:
              "odd,key: x%": 1

            """
        try text.write(to: directory.url.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let run = try await Self.iter8(["validate", "--format", "github", file], in: directory.url)
        #expect(run.status == 1)
        #expect(!run.output.contains("\r"))
        let commands = run.lines.compactMap(Self.parse)
        #expect(commands.count == run.lines.count, "\(run.lines)")
        #expect(commands == (try Self.expected([file], in: directory.url)))
        let name = try #require(commands.first { $0.title == "metadata.name" })
        #expect(name.file == file)
        // Control characters in a quoted value are escaped by the validator itself (a raw CR/LF never reaches a
        // message); the command line escapes the rest (% , :).
        #expect(name.message.contains(#""50%\r\nbad""#))
        #expect(run.output.contains(#"::error file=we%3Aird%2C100%25.yaml,line=4,col=9,title=metadata.name::"50%25\r\nbad""#))
        #expect(run.output.contains("title=spec.odd%2Ckey%3A x%25::"))
    }

    @Test("valid files give exit code 0 and no error commands")
    func validFiles() async throws {
        let folder = JSONSchemaChecker.fixtures
        let run = try await Self.iter8(["validate", "--format", "github", "valid", "schema"], in: folder)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let commands = run.lines.compactMap(Self.parse)
        #expect(commands.count == run.lines.count, "\(run.lines)")
        #expect(commands.allSatisfy { $0.level == "warning" })
        // The every-field files use iter8's ignored fields: warnings, still valid.
        #expect(commands.contains { $0.title == "spec.urlTemplate" })
        #expect(run.errors.contains("0 errors"), "\(run.errors)")
    }
}
