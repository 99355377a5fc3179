import Foundation
import Testing
import TestSupport

/// `iter8 run --shards` and `--lease-duration` refuse values outside their ranges at start: a lease too short
/// for the fence's 5 s write budget would refuse every write.
@Suite("iter8 run: shard and lease settings")
struct ShardSettingsTests {
    @Test(arguments: [
        (["--shards", "0"], "--shards must be a whole number from 1 to 1024, not 0"),
        (["--shards", "many"], "--shards"),
        (["--shards", "4", "--lease-duration", "5"], "--lease-duration must be a whole number of seconds from 8 to 300, not 5"),
        (["--leader-election", "--lease-duration", "301"], "--lease-duration must be a whole number of seconds from 8 to 300, not 301"),
    ])
    func refusedAtStart(arguments: [String], message: String) async throws {
        let binary = try BuiltExecutable.path("iter8")
        let all = ["run", "--repository", "file:///nonexistent", "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"]
            + arguments
        let finished = try await offPool {
            try Shell.capture(binary, all, environment: ["ITER8_WORKDIR": NSTemporaryDirectory() + "iter8-settings-\(UUID().uuidString)"])
        }
        #expect(finished.status != 0)
        #expect(finished.errors.contains(message), "\(finished.errors)")
    }
}
