import Foundation
import Testing
import TestSupport

/// `iter8 run` refuses settings that would trap or flood later: an infinite or huge poll interval (`inf` trapped
/// converting to nanoseconds on 87aebbc), a status folder outside the repository, a push limit of zero.
@Suite("iter8 run settings limits")
struct RunSettingsLimitsTests {
    @Test(arguments: [
        (["--poll-interval", "inf"], "--poll-interval must be a number of seconds from 1 to 86400, not inf"),
        (["--poll-interval", "nan"], "--poll-interval must be a number of seconds from 1 to 86400"),
        (["--poll-interval", "1e300"], "--poll-interval must be a number of seconds from 1 to 86400"),
        (["--status-dir", "../outside"], "--status-dir must be a folder inside the repository"),
        (["--status-dir", ".git/hooks"], "--status-dir must be a folder inside the repository"),
        (["--max-pushes-per-minute", "0"], "--max-pushes-per-minute must be a whole number from 1 to 10000, not 0"),
        (["--step-deadline", "inf"], "--step-deadline must be a number of seconds from 1 to 3600, not inf"),
    ])
    func refusedAtStart(arguments: [String], message: String) async throws {
        let binary = try BuiltExecutable.path("iter8")
        let all = ["run", "--repository", "file:///nonexistent", "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"]
            + arguments
        let finished = try await offPool { try Shell.capture(binary, all, environment: ["ITER8_WORKDIR": NSTemporaryDirectory() + "iter8-settings-\(UUID().uuidString)"]) }
        #expect(finished.status != 0)
        #expect(finished.errors.contains(message), "\(finished.errors)")
    }
}
