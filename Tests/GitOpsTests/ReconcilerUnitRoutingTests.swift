import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// The routing kind is a plug-in axis, on in-memory fakes: an HTTPRoute canary runs through the same reconciler as a
/// VirtualService one, its split on the HTTPRoute (the in-memory router's object of that kind) and its manifest edited
/// by the Gateway API plug-in's editor, weights only.
@Suite struct ReconcilerUnitRoutingTests {
    typealias Harness = ReconcilerUnitHarness

    static let route = RoutedObject(kind: .httpRoute, namespace: "bookinfo", name: "reviews")
    static let manifestPath = "gateway/reviews.yaml"

    /// The lines of `path` that differ between `old` and `new` texts, as `-old` / `+new` pairs in order.
    static func changedLines(_ old: String, _ new: String) -> [String] {
        let (a, b) = (old.components(separatedBy: "\n"), new.components(separatedBy: "\n"))
        guard a.count == b.count else { return ["line count \(a.count) → \(b.count)"] }
        return zip(a, b).filter { $0 != $1 }.flatMap { ["-" + $0, "+" + $1] }
    }

    @Test func anHTTPRouteCanaryIsPromotedInACommitThatChangesOnlyWeights() async throws {
        let harness = Harness(files: [
            Harness.path: ReconcilerHTTPRouteTests.experiment(), Self.manifestPath: ReconcilerHTTPRouteTests.httpRoute,
        ])
        let reports = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(reports.last))
        #expect(summary.finish?.kind == .promotion, "\(summary.events)")
        #expect(summary.finish?.version == "reviews-v2")
        #expect(harness.router.split(of: Self.route) == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(harness.router.split(of: Harness.reviews) == nil, "the VirtualService of the same name is not touched")
        let candidate = reports.compactMap { Harness.summary($0)?.weights.first { $0.version == "reviews-v2" }?.weight }
        #expect(candidate.contains { (1...99).contains($0) }, "\(candidate)")

        let promotion = try #require(harness.commits("promotion").first)
        #expect(harness.commits("promotion").count == 1)
        #expect(harness.origin.changedPaths(of: promotion.id) == [Self.manifestPath])
        let before = try #require(harness.origin.file(Self.manifestPath, at: promotion.parents.first))
        let after = try #require(harness.origin.file(Self.manifestPath, at: promotion.id))
        #expect(Self.changedLines(before, after) == [
            "-      weight: 100", "+      weight: 0", "-      weight: 0    # the candidate", "+      weight: 100    # the candidate",
        ])
        #expect(try harness.status().state.finishCommit == promotion.id.hex)
    }

    @Test func gitApplyModeCommitsEveryHTTPRouteSplitAsWeightsOnlyEdits() async throws {
        let spec = ReconcilerHTTPRouteTests.experiment(extra: "  promotion:\n    applyMode: git")
        let harness = Harness(files: [Harness.path: spec, Self.manifestPath: ReconcilerHTTPRouteTests.httpRoute])
        var completed = false
        for _ in 0..<40 where !completed {
            let report = await harness.step()
            // The GitOps tool: the HTTPRoute at the head goes live (its rule `canary`'s backendRef weights).
            let manifest = try #require(harness.file(Self.manifestPath))
            var split: [String: Int] = [:]
            let lines = manifest.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.contains("- name: ") && index + 2 < lines.count {
                let name = line.components(separatedBy: "- name: ")[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                let weight = lines[index + 2].components(separatedBy: "weight: ").last?.split(separator: " ").first
                if let weight, let value = Int(weight) { split[name] = value }
            }
            harness.router.set(split, on: Self.route)
            completed = Harness.summary(report)?.phase == .completed
        }
        #expect(completed)
        #expect(harness.router.changes.isEmpty, "the service wrote nothing to the cluster")
        #expect(harness.router.split(of: Self.route) == ["reviews-v1": 0, "reviews-v2": 100])
        let edits = harness.log().filter { harness.origin.changedPaths(of: $0.id).contains(Self.manifestPath) && !$0.parents.isEmpty }
        #expect(edits.count >= 2)
        for commit in edits {
            let before = try #require(harness.origin.file(Self.manifestPath, at: commit.parents.first))
            let lines = Self.changedLines(before, try #require(harness.origin.file(Self.manifestPath, at: commit.id)))
            #expect(!lines.isEmpty && lines.allSatisfy { $0.dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("weight: ") }, "\(lines)")
        }
    }
}
