import Foundation
import Git
import Testing
import TestSupport

/// Walking history along first parents, with messages, authors and times.
@Suite struct LogTests {
    @Test func logIsNewestFirstAlongFirstParents() async throws {
        let served = try await ServedOrigin.start(.file, files: ["README.md": "seed\n"])
        let repo = try await served.clone()
        let seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
        let first = try await repo.commit([.write("a.yaml", "a: 1\n")], on: seed, message: "first\n\nIter8-Experiment: ns/a\n")
        let second = try await repo.commit([.write("a.yaml", "a: 2\n")], on: first, message: "second")
        let log = try await repo.log(from: second, limit: 10)
        #expect(log.map(\.id) == [second, first, seed])
        #expect(log[0].parents == [first])
        #expect(log[1].message == "first\n\nIter8-Experiment: ns/a\n")
        #expect(log[1].subject == "first")
        #expect(log[0].author.name == Identity.bot.name)
        #expect(log.last?.parents.isEmpty == true)
        let cliTime = try await served.git(["log", "-1", "--format=%ct", seed.hex]).trimmed
        #expect(log[2].time == Date(timeIntervalSince1970: try #require(TimeInterval(cliTime))))
        #expect(try await repo.log(from: second, limit: 2).map(\.id) == [second, first])
        #expect(try await repo.log(from: second, limit: 0).isEmpty)
    }
}
