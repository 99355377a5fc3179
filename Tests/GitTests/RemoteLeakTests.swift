import Foundation
import Git
import Testing
import TestSupport

/// The in-memory remote every fetch and push makes must not leak: libgit2 1.5's `url.insteadOf` lookup leaked
/// PCRE2 match data for each configuration entry that did not match, ~20 KiB each, two lookups per remote (a
/// heaptrack run of the scale benchmark counted 17.6 MiB leaked after two minutes at 1,000 experiments; 400 remotes
/// kept 225 MiB in this clone's configuration on the old path).
@Suite struct RemoteLeakTests {
    @Test(.enabled(if: HeapInUse.bytes() != nil, "glibc's malloc_info"))
    func fetchingAllocatesNothingThatStays() async throws {
        let served = try await ServedOrigin.start(.file)
        let repo = try await served.clone()
        // A clone configured as users' clones often are: more entries, more leaked match data on the old path.
        for (key, value) in [("user.name", "iter8"), ("user.email", "bot@example.com"), ("core.autocrlf", "false"),
                             ("fetch.prune", "true"), ("gc.auto", "0"), ("push.default", "simple")] {
            _ = try await served.git(["config", "--file", repo.gitDirectory + "config", key, value])
        }
        for _ in 0..<10 { _ = try await repo.fetch(branch: "main") }  // caches, first-use allocations
        // The heap is the whole test process's, where other suites allocate meanwhile: a leak grows it in every
        // window, another test's memory in some. The smallest growth of three windows is this test's.
        var growths: [Int] = []
        for _ in 0..<3 {
            let before = try #require(HeapInUse.bytes())
            for _ in 0..<70 { _ = try await repo.fetch(branch: "main") }
            growths.append(try #require(HeapInUse.bytes()) - before)
        }
        // The old path kept about 38 MiB per window of 70 fetches.
        let smallest = try #require(growths.min())
        #expect(smallest < 8 << 20, "in use grew by \(growths.map { $0 >> 10 }) KiB over three windows of 70 fetches")
    }
}
