import Foundation
import Experiments
@testable import GitOps
import Kubernetes
import Testing

/// The bounded pieces behind issue 10's invariants, each alone: file names, URL path segments, the push breaker
/// and the step deadline.
@Suite("Trust units")
struct TrustUnitTests {
    @Test func fileNamesStayWithin255BytesAndDistinct() {
        let long = String(repeating: "a", count: 253)
        let other = String(repeating: "a", count: 252) + "b"
        for layout in [StatusLayout.besideSpec, .directory("status")] {
            let files = layout.files(specPath: "experiments/\(long).yaml", namespace: "ns", name: long, shared: true)
            let again = layout.files(specPath: "experiments/\(long).yaml", namespace: "ns", name: long, shared: true)
            let second = layout.files(specPath: "experiments/\(long).yaml", namespace: "ns", name: other, shared: true)
            #expect(files == again)
            #expect(files.status != second.status)
            for path in [files.status, files.report, files.chart, second.status] {
                #expect(path.split(separator: "/").allSatisfy { $0.utf8.count <= 255 }, "\(path)")
                #expect(RepositoryPath.isSafe(path))
            }
            #expect(StatusLayout.isStatusPath(files.status))
            #expect(StatusLayout.files(statusPath: files.status) == files)
        }
        // Names earlier versions wrote are shortened as they were (to 255 bytes with the shorter suffix), so they are
        // found again: a 240-byte stem is kept whole, a longer one cut to 243 bytes of name, digest included.
        let kept = String(repeating: "k", count: 240)
        #expect(StatusLayout.besideSpec.legacyFiles(specPath: "e/\(kept).yaml", namespace: "", name: "", shared: false).status
            == "e/\(kept).status.yaml")
        let cut = StatusLayout.besideSpec.legacyFiles(specPath: "e/\(long).yaml", namespace: "", name: "", shared: false).status
        #expect(cut.utf8.count == "e/".utf8.count + 243 + ".status.yaml".utf8.count && cut.hasPrefix("e/" + String(repeating: "a", count: 226) + "-"))
        // Short names are unchanged but for the token.
        #expect(StatusLayout.besideSpec.files(specPath: "e/c.yaml", namespace: "ns", name: "c", shared: false).status == "e/c.status.c3cd2618.yaml")
    }

    @Test func unsafeRepositoryPathsAreRefused() {
        for path in ["", "/etc/x", "a/../b", "a/./b", "a//b", ".git/config", "x/.GIT/hooks", "a\u{0}b", String(repeating: "a", count: 256)] {
            #expect(!RepositoryPath.isSafe(path), "\(path)")
        }
        #expect(RepositoryPath.isSafe("experiments/reviews.status.yaml"))
    }

    @Test func urlPathSegmentsAreEscaped() {
        let type = ResourceType.virtualService("v1")
        #expect(type.path(namespace: "bookinfo", name: "reviews") == "/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews")
        #expect(type.path(namespace: "a/../b", name: "..") == "/apis/networking.istio.io/v1/namespaces/a%2F..%2Fb/virtualservices/%2E%2E")
        #expect(type.path(namespace: "x", name: "a b?c#d") == "/apis/networking.istio.io/v1/namespaces/x/virtualservices/a%20b%3Fc%23d")
    }

    @Test func theBreakerCountsASlidingMinute() {
        var breaker = PushBreaker(limit: 3)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for second in 0..<3 {
            let allowed = breaker.allows(at: start + Double(second))
            #expect(allowed)
            breaker.record(at: start + Double(second))
        }
        let at10 = breaker.allows(at: start + 10)
        let at20 = breaker.allows(at: start + 20)
        #expect(!at10 && !at20)
        #expect(breaker.trips == 1)
        #expect(breaker.secondsUntilClosed(at: start + 20) == 40)
        let at60 = breaker.allows(at: start + 60)
        #expect(at60)
        #expect(!breaker.isOpen)
    }

    @Test func aStuckStepIsAbandonedAtItsDeadline() async {
        let started = ContinuousClock.now
        // Awaits that never end (cancelled when abandoned)…
        let waited = await StepDeadline.run(seconds: 0.2) { () async -> Int in
            try? await Task.sleep(for: .seconds(3600))
            return 1
        }
        #expect(waited == nil)
        // …and a computation that does not await at all.
        let spun = await StepDeadline.run(seconds: 0.2) { () async -> Int in
            let until = ContinuousClock.now + .seconds(2)
            var count = 0
            while ContinuousClock.now < until { count &+= 1 }
            return count
        }
        #expect(spun == nil)
        #expect(ContinuousClock.now - started < .seconds(600))  // nowhere near the hour the first step would take
        #expect(await StepDeadline.run(seconds: 10) { 42 } == 42)
    }
}
