import Foundation
import Testing
import TestSupport

/// `iter8 run --spec-notifications` and `--slack-api-url` (or `ITER8_SPEC_NOTIFICATIONS`, `ITER8_SLACK_API_URL`)
/// refuse, at start and saying why, a Slack API address that cannot work and a setting that would do nothing.
@Suite struct SpecNotificationSettingsTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Shell.Finished {
        let binary = try BuiltExecutable.path("iter8")
        let folder = try TemporaryDirectory(prefix: "iter8-spec-notification-settings")
        let all = ["run", "--repository", "file:///nonexistent", "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"]
            + arguments
        let variables = environment.merging(["ITER8_WORKDIR": folder.file("work").path]) { a, _ in a }
        return try await offPool { try Shell.capture(binary, all, environment: variables) }
    }

    @Test func badSpecNotificationSettingsAreRefusedAtStart() async throws {
        for (arguments, environment, message) in [
            (["--spec-notifications", "--slack-api-url", "http://127.0.0.1:1/api"], [:],
             "--slack-api-url must be an https:// URL with a host (http:// only with --allow-insecure-http), not http://127.0.0.1:1/api"),
            (["--spec-notifications", "--slack-api-url", "ftp://slack.example/api"], [:], "must be an https:// URL"),
            (["--spec-notifications", "--slack-api-url", "https:///api"], [:], "must be an https:// URL with a host"),
            (["--slack-api-url", "https://slack.example/api"], [:],
             "--slack-api-url https://slack.example/api has no use without --spec-notifications"),
            ([], ["ITER8_SLACK_API_URL": "https://slack.example/api"], "has no use without --spec-notifications"),
            ([], ["ITER8_SPEC_NOTIFICATIONS": "yes"], "ITER8_SPEC_NOTIFICATIONS must be true or false, not yes"),
            ([], ["ITER8_SPEC_NOTIFICATIONS": "true", "ITER8_SLACK_API_URL": "http://127.0.0.1:1/api"],
             "--slack-api-url must be an https:// URL"),
        ] as [([String], [String: String], String)] {
            let finished = try await Self.run(arguments, environment: environment)
            #expect(finished.status != 0, "\(arguments) \(environment)")
            #expect(finished.errors.contains(message), "\(arguments) \(environment): \(finished.errors)")
        }
    }
}
