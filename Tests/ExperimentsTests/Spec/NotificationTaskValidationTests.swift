import Experiments
import Foundation
import Testing

/// `notification/slack` and `notification/http` tasks of `spec.strategy.actions.start` and `.finish`: valid ones
/// become ``NotificationTask``s the service runs; a bad input is an error at its path, never a runtime surprise.
@Suite struct NotificationTaskValidationTests {
    static func outcome(_ actions: String) throws -> ExperimentValidator.Outcome {
        let strategy = #"{"testingPattern": "Canary", "actions": "# + actions + "}"
        return ExperimentValidator.validate(try SpecFixtures.document(SpecFixtures.canary(strategy: strategy)))
    }

    static func errors(_ outcome: ExperimentValidator.Outcome) -> [String] {
        outcome.issues.filter { $0.severity == .error }.map(\.description)
    }

    @Test func slackAndHTTPTasksOfStartAndFinishAreRunInSpecOrder() throws {
        let outcome = try Self.outcome(#"""
            {"finish": [{"task": "notification/slack", "if": "CandidateWon()", "with": {"channel": "C0123", "secret": "slack-bot"}},
                        {"task": "notification/http", "if": " ! WinnerFound() ",
                         "with": {"url": "https://hooks.example.com/rollouts", "authType": "Bearer", "secret": "bookinfo/hook",
                                  "headers": [{"name": "X-Team", "value": "reviews"}], "ignoreFailure": "true"}}],
             "start": [{"task": "notification/http", "with": {"URL": "https://hooks.example.com/start", "method": "GET"}}]}
            """#)
        #expect(Self.errors(outcome).isEmpty, "\(outcome.issues)")
        let tasks = try #require(outcome.experiment?.notificationTasks)
        #expect(tasks.map(\.channelName) == ["spec:start:0", "spec:finish:0", "spec:finish:1"])
        #expect(tasks[0].kind == .http(HTTPNotificationRequest(url: URL(string: "https://hooks.example.com/start")!, method: .get)))
        #expect(tasks[0].condition == nil && tasks[0].secret == nil)
        #expect(tasks[1].kind == .slack(channel: "C0123"))
        #expect(tasks[1].condition == TaskCondition(.candidateWon) && tasks[1].secret == "slack-bot")
        #expect(tasks[2].condition == TaskCondition(.winnerFound, negated: true))
        #expect(tasks[2].secret == "hook", "namespace/name in the experiment's namespace is the name")
        guard case .http(let request) = tasks[2].kind else { Issue.record("not http"); return }
        #expect(request.method == .post && request.authentication == .bearer && request.body == nil)
        #expect(request.headers == [.init(name: "X-Team", value: "reviews")])
    }

    @Test func theConditionsHoldAsIter8sHelpersDid() {
        let won = TaskCondition(.candidateWon)
        #expect(won.holds(winner: "v2", candidates: ["v2"]))
        #expect(!won.holds(winner: "v1", candidates: ["v2"]), "the baseline won")
        #expect(!won.holds(winner: "v2", candidates: ["v2", "v3"]), "only with exactly one candidate")
        #expect(!won.holds(winner: nil, candidates: ["v2"]))
        #expect(TaskCondition(.winnerFound).holds(winner: "v1", candidates: ["v2"]))
        #expect(TaskCondition(.winnerFound, negated: true).holds(winner: nil, candidates: ["v2"]))
        #expect(TaskCondition(parsing: "!CandidateWon()") == TaskCondition(.candidateWon, negated: true))
        #expect(TaskCondition(parsing: "WinnerFound() && CandidateWon()") == nil)
    }

    @Test(arguments: [
        (#"{"task": "notification/slack", "if": "Winner == 'v2'", "with": {"channel": "c", "secret": "s"}}"#,
         "spec.strategy.actions.start[0].if: expected WinnerFound(), CandidateWon() or either negated with !"),
        (#"{"task": "notification/slack", "with": {"channel": "c"}}"#,
         "spec.strategy.actions.start[0].with.secret: missing required input"),
        (#"{"task": "notification/slack", "with": {"secret": "s"}}"#,
         "spec.strategy.actions.start[0].with.channel: missing required input"),
        (#"{"task": "notification/slack", "with": {"channel": "c", "secret": "payments/slack"}}"#,
         "spec.strategy.actions.start[0].with.secret: the Secret must be in the experiment's namespace bookinfo, not payments"),
        (#"{"task": "notification/slack", "with": {"channel": "c", "secret": "Bad_Name"}}"#,
         "spec.strategy.actions.start[0].with.secret: expected name or namespace/name"),
        (#"{"task": "notification/slack", "with": {"channel": "c", "secret": "s", "token": "xoxb"}}"#,
         "spec.strategy.actions.start[0].with.token: unknown input of notification/slack"),
        (#"{"task": "notification/http", "with": {}}"#, "spec.strategy.actions.start[0].with.url: missing required input"),
        (#"{"task": "notification/http", "with": {"url": "ftp://x.example"}}"#,
         "spec.strategy.actions.start[0].with.url: expected an http(s):// URL with a host"),
        (#"{"task": "notification/http", "with": {"url": "https://u:p@x.example"}}"#,
         "spec.strategy.actions.start[0].with.url: credentials do not belong in a URL"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "url2": "y", "URL": "https://y.example"}}"#,
         "spec.strategy.actions.start[0].with.URL: give the address once"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "method": "PUT"}}"#,
         "spec.strategy.actions.start[0].with.method: expected GET or POST"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "authType": "Digest", "secret": "s"}}"#,
         "spec.strategy.actions.start[0].with.authType: expected Basic, Bearer or APIKey"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "authType": "Basic"}}"#,
         "spec.strategy.actions.start[0].with.secret: authType Basic needs a Secret"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "authType": "APIKey", "secret": "s"}}"#,
         "spec.strategy.actions.start[0].with.headers: authType APIKey sends the key in a header"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "headers": [{"name": "X-Key", "value": "{{ .secret.key }}"}]}}"#,
         "spec.strategy.actions.start[0].with.headers: {{ .secret.<key> }} needs a Secret"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "headers": [{"name": "X Key", "value": "v"}]}}"#,
         "spec.strategy.actions.start[0].with.headers[0]: \"X Key\" is not a header name"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "headers": [{"name": "X-A", "value": "{{ .this.metadata.name }}"}]}}"#,
         "spec.strategy.actions.start[0].with.headers[0]: \"{{ .this.metadata.name }}\": the only template filled is {{ .secret.<key> }}"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "headers": "X-A: b"}}"#,
         "spec.strategy.actions.start[0].with.headers: expected a list of name and value, found text"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "body": "{\"name\": \"{{ .this.metadata.name }}\"}"}}"#,
         "spec.strategy.actions.start[0].with.body: templates are not filled in a body"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "method": "GET", "body": "{}"}}"#,
         "spec.strategy.actions.start[0].with.body: a GET request sends no body"),
        (#"{"task": "notification/http", "with": {"url": "https://x.example", "ignoreFailure": "maybe"}}"#,
         "spec.strategy.actions.start[0].with.ignoreFailure: expected true or false"),
        (#"{"task": "notification/http", "with": {"url": ["https://x.example"]}}"#,
         "spec.strategy.actions.start[0].with.url: expected text, found a list"),
    ])
    func aBadInputIsAnErrorAtItsPath(task: String, expected: String) throws {
        let outcome = try Self.outcome(#"{"start": ["# + task + "]}")
        #expect(outcome.experiment == nil, "the spec does not run")
        #expect(Self.errors(outcome).contains { $0.hasPrefix(expected) }, "\(outcome.issues)")
    }

    @Test func plainHTTPAndIgnoreFailureFalseAreWarningsThatSayWhatHappens() throws {
        let outcome = try Self.outcome(#"""
            {"start": [{"task": "notification/http", "with": {"url": "http://hooks.example.com/x", "ignoreFailure": false}}]}
            """#)
        #expect(outcome.experiment?.notificationTasks.count == 1)
        let warnings = outcome.issues.filter { $0.severity == .warning }.map(\.description)
        #expect(warnings.contains(
            "spec.strategy.actions.start[0].with.url: plain http: the service sends it only when it runs with --allow-insecure-http"),
            "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("spec.strategy.actions.start[0].with.ignoreFailure: false is not honoured") })
    }

    @Test func secretPlaceholdersAreFilledFromTheSecretOnly() {
        #expect(SecretPlaceholder.keys(in: "Key {{ .secret.api-key }} and {{.secret.other}}") == ["api-key", "other"])
        #expect(SecretPlaceholder.filled("Key {{ .secret.k }}", with: ["k": "s3cr3t"]) == "Key s3cr3t")
        #expect(SecretPlaceholder.filled("Key {{ .secret.k }}", with: [:]) == nil, "a missing key is no silent empty value")
        #expect(SecretPlaceholder.unsupported(in: "{{ .secret.k }} {{ .this }} {{ open") == ["{{ .this }}", "{{ open"])
    }
}
