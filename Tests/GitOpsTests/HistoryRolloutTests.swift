import Foundation
import Git
import GitOps
import Testing

@Suite("Rollout history from commit trailers")
struct HistoryRolloutTests {
    static func oid(_ digit: Character) -> GitOID { GitOID(hex: String(repeating: digit, count: 40))! }

    static func commit(_ digit: Character, minutes: Int, _ message: String) -> GitCommit {
        let time = ReportFixtures.start.addingTimeInterval(Double(60 * minutes))
        return GitCommit(
            id: oid(digit), parents: [], message: message,
            author: GitSignature(name: "iter8", email: "iter8@example.com", time: time), time: time)
    }

    static func iter8(_ subject: String, body: String = "", _ trailers: [(String, String)]) -> String {
        CommitMessage(subject: subject, body: body, trailers: trailers.map { (key: $0.0, value: $0.1) }).text
    }

    /// Newest first, as `GitRepository.log` returns them.
    static let commits = [
        commit("5", minutes: 50, "Revert \"iter8: promote reviews-v2 in bookinfo/reviews-canary\"\n\nThis reverts commit \(String(repeating: "4", count: 40)).\n"),
        commit("4", minutes: 40, iter8("iter8: promote reviews-v2 in bookinfo/reviews-canary", body: "reviews-v2 won after 8 iterations", [
            ("Iter8-Experiment", "bookinfo/reviews-canary"), ("Iter8-Phase", "Completed"), ("Iter8-Iteration", "8"),
            ("Iter8-Spec-Commit", String(repeating: "a", count: 40)), ("Iter8-Winner", "reviews-v2"), ("Iter8-Action", "promotion"),
            ("Iter8-Verdict", "pass"),
        ])),
        commit("3", minutes: 30, iter8("iter8: status of 2 experiments", body: "Weights: reviews-v1=80 reviews-v2=20", [
            ("Iter8-Experiment", "bookinfo/reviews-canary"), ("Iter8-Phase", "Running"), ("Iter8-Iteration", "7"), ("Iter8-Action", "weights"),
            ("Iter8-Experiment", "shop/cart-ab"), ("Iter8-Phase", "Waiting"), ("Iter8-Iteration", "0"), ("Iter8-Action", "status"),
        ])),
        commit("2", minutes: 20, "Add the cart experiment\n\nIter8-Note: people may use trailers too\n"),
        commit("1", minutes: 10, iter8("iter8: weights cart-v1=60 cart-v2=40 in shop/cart-ab", [
            ("Iter8-Experiment", "shop/cart-ab"), ("Iter8-Phase", "Running"), ("Iter8-Iteration", "3"), ("Iter8-Action", "weights"),
        ])),
    ]

    @Test func keepsOnlyIter8CommitsNewestFirst() {
        let entries = RolloutHistory.entries(from: Self.commits)
        #expect(entries.map(\.commit) == ["555555555555", "444444444444", "333333333333", "333333333333", "111111111111"])
        #expect(entries.map(\.action) == ["reverted", "promotion", "weights", "status", "weights"])
        #expect(entries[1] == HistoryEntry(
            commit: "444444444444", time: "2027-01-15T08:40:00Z", experiments: ["bookinfo/reviews-canary"], action: "promotion",
            phase: "Completed", iteration: 8, winner: "reviews-v2", subject: "iter8: promote reviews-v2 in bookinfo/reviews-canary",
            revertedBy: "555555555555", verdict: "pass"))
        #expect(entries.map(\.verdict) == [nil, "pass", nil, nil, nil])
        #expect(entries[2].experiments == ["bookinfo/reviews-canary"])
        #expect(entries[3].experiments == ["shop/cart-ab"])
    }

    @Test func aRevertReferencesTheOriginal() {
        let revert = RolloutHistory.entries(from: Self.commits)[0]
        #expect(revert.reverts == "444444444444")
        #expect(revert.experiments == ["bookinfo/reviews-canary"])
        #expect(revert.winner == "reviews-v2")

        let alone = RolloutHistory.entries(from: [Self.commits[0]])  // the original is beyond the log's limit
        #expect(alone.map(\.reverts) == ["444444444444"])
        #expect(alone.first?.experiments == ["bookinfo/reviews-canary"])
        #expect(RolloutHistory.entries(from: [Self.commit("6", minutes: 1, "Revert \"add docs\"\n\nThis reverts commit \(String(repeating: "4", count: 40)).\n")]).isEmpty)
    }

    @Test func filtersByQualifiedOrBareName() {
        let all = Self.commits
        #expect(RolloutHistory.entries(from: all, experiment: "bookinfo/reviews-canary").map(\.commit) == ["555555555555", "444444444444", "333333333333"])
        #expect(RolloutHistory.entries(from: all, experiment: "cart-ab").map(\.commit) == ["333333333333", "111111111111"])
        #expect(RolloutHistory.entries(from: all, experiment: "other/cart-ab").isEmpty)
        #expect(RolloutHistory.entries(from: all, experiment: "reviews").isEmpty)
    }

    @Test func aCommitAboutSeveralExperimentsGivesOneEntryEachWithItsOwnTrailers() throws {
        let combined = RolloutHistory.entries(from: Self.commits).filter { $0.commit == "333333333333" }
        #expect(combined.map(\.experiments) == [["bookinfo/reviews-canary"], ["shop/cart-ab"]])
        #expect(combined.map(\.phase) == ["Running", "Waiting"])
        #expect(combined.map(\.iteration) == [7, 0])
        #expect(combined.allSatisfy { $0.subject == "iter8: status of 2 experiments" })
        let cart = try #require(RolloutHistory.entries(from: Self.commits, experiment: "shop/cart-ab").first)
        #expect(cart.commit == "333333333333")
        #expect(cart.action == "status")
        #expect(cart.phase == "Waiting")
        #expect(cart.iteration == 0)
        let reviews = try #require(RolloutHistory.entries(from: Self.commits, experiment: "reviews-canary").dropFirst(2).first)
        #expect(reviews.action == "weights")
        #expect(reviews.iteration == 7)
    }

    @Test func textAndJSONGoldens() throws {
        let entries = RolloutHistory.entries(from: Self.commits)
        try Golden.check(RolloutHistory.text(entries), "history.txt")
        try Golden.check(try RolloutHistory.json(entries), "history.json")
        #expect(try JSONDecoder().decode([HistoryEntry].self, from: Data(try RolloutHistory.json(entries).utf8)) == entries)
    }
}
