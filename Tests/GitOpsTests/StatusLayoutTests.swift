import GitOps
import Testing
import TestSupport

/// Where status and report files go.
@Suite struct StatusLayoutTests {
    typealias Harness = ReconcilerUnitHarness

    @Test func besideTheSpec() {
        let files = StatusLayout.besideSpec.files(specPath: "experiments/canary.yaml", namespace: "ns", name: "canary", shared: false)
        #expect(files.status == "experiments/canary.status.5480e4b8.yaml")
        #expect(files.report == "experiments/canary.report.5480e4b8.md")
        #expect(files.chart == "experiments/canary.report.5480e4b8.svg")
        let shared = StatusLayout.besideSpec.files(specPath: "all.yml", namespace: "ns", name: "b", shared: true)
        #expect(shared.status == "all.b.status.68f2aabb.yaml")
        let legacy = StatusLayout.besideSpec.legacyFiles(specPath: "experiments/canary.yaml", namespace: "ns", name: "canary", shared: false)
        #expect(legacy == .init(status: "experiments/canary.status.yaml", report: "experiments/canary.report.md", chart: "experiments/canary.report.svg"))
    }

    @Test func underOneDirectory() {
        let files = StatusLayout.directory("/status/").files(specPath: "experiments/canary.yaml", namespace: "ns", name: "canary", shared: true)
        #expect(files.status == "status/ns/canary.status.535ae7bb.yaml")
        #expect(files.report == "status/ns/canary.report.535ae7bb.md")
    }

    /// Status files of either naming are found, with their report and chart; nothing else is taken for one.
    @Test func statusPathsOfEitherNaming() {
        for files in [
            StatusLayout.besideSpec.files(specPath: "e/c.yaml", namespace: "ns", name: "c", shared: false),
            StatusLayout.besideSpec.legacyFiles(specPath: "e/c.yaml", namespace: "ns", name: "c", shared: false),
            StatusLayout.directory("s").files(specPath: "e/c.yaml", namespace: "ns", name: "ü\u{0600}", shared: false),
        ] {
            #expect(StatusLayout.isStatusPath(files.status))
            #expect(StatusLayout.files(statusPath: files.status) == files)
        }
        // A character that prepends (U+0600) right before the suffix: paths are cut and compared by bytes, not
        // characters (a character count takes the "." with it).
        let prepending = StatusLayout.besideSpec.files(specPath: "x\u{0600}.yaml", namespace: "", name: "", shared: false)
        #expect(StatusLayout.files(statusPath: prepending.status) == prepending)
        #expect(StatusLayout.files(statusPath: "x\u{0600}.status.yaml")?.report == "x\u{0600}.report.md")
        let token = String(StatusLayout.besideSpec.files(specPath: "e/c.yaml", namespace: "", name: "", shared: false).status.dropFirst(11).prefix(8))
        for path in [
            "e/c.yaml", "e/c.status.\(token.uppercased()).yaml", "e/c.status.\(token.dropLast()).yaml", "e/c.status.\(token)0.yaml",
            "e/c.report.\(token).md", ".status.\(token).yaml", "e/c.status.\(token).yml",
            // Eight hex digits that are not the stem's token: a spec someone named by date, not a status file.
            "e/c.status.20240115.yaml", "e/d.status.\(token).yaml",
        ] {
            #expect(!StatusLayout.isStatusPath(path), "\(path)")
            #expect(StatusLayout.files(statusPath: path) == nil, "\(path)")
        }
        #expect(StatusLayout.isStatusPath("e/c.status.yaml"))
    }

    /// Git's packing (`git gc`, `git repack`, servers) stores a blob as a delta of one among those whose paths hash alike
    /// (`pack_name_hash`: the last 16 characters, the last weighing most). Each experiment's files must hash apart from
    /// every other experiment's, so that each is stored against its own previous version: with the names without the
    /// token all 1,000 status files hashed alike, and the repository grew by everything experiment-specific at every
    /// iteration (6 KiB per iteration at 40 iterations, rising with them).
    @Test func eachExperimentsFilesHashApartInGitsPacking() {
        for layout in [StatusLayout.besideSpec, .directory("status")] {
            var hashes: [KeyPath<StatusLayout.Files, String>: Set<UInt32>] = [:]
            for index in 0..<1000 {
                let files = layout.files(
                    specPath: "experiments/svc-\(index)-canary.yaml", namespace: "scale", name: "svc-\(index)-canary", shared: false)
                for kind in [\StatusLayout.Files.status, \.report, \.chart] { hashes[kind, default: []].insert(Self.packNameHash(files[keyPath: kind])) }
            }
            // A few may collide (8 hex digits through a 32-bit hash of the path's end); 1,000 alike before the token.
            #expect(hashes.values.allSatisfy { $0.count >= 990 }, "\(hashes.values.map(\.count))")
        }
        let legacy = Set((0..<1000).map {
            Self.packNameHash(StatusLayout.besideSpec.legacyFiles(specPath: "experiments/svc-\($0)-canary.yaml", namespace: "", name: "", shared: false).status)
        })
        #expect(legacy.count == 1)
    }

    /// A running experiment whose files an earlier version wrote (no token) keeps them: the service goes on writing
    /// there and starts no second status file for it.
    @Test func filesWrittenWithoutTheTokenStayWhereTheyAre() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        await harness.step()
        await harness.step()
        let legacy = StatusLayout.besideSpec.legacyFiles(
            specPath: Harness.path, namespace: "bookinfo", name: "reviews-canary", shared: false)
        let current = StatusPaths.files("experiments/reviews-canary")
        let before = try harness.status()
        #expect(before.state.phase == .running && before.state.completedIterations >= 1)
        let report = harness.file(current.report)
        // As an earlier version left them.
        try harness.origin.commit([
            legacy.status: harness.file(current.status), legacy.report: harness.file(current.report),
            legacy.chart: harness.file(current.chart), current.status: nil, current.report: nil, current.chart: nil,
        ])
        await harness.step()
        await harness.step()
        let after = try harness.status(legacy.status)
        #expect(after.state.completedIterations > before.state.completedIterations)
        #expect(harness.file(current.status) == nil && harness.file(current.report) == nil && harness.file(current.chart) == nil)
        #expect(harness.file(legacy.report) != nil && harness.file(legacy.report) != report)  // rendered again, in place
        #expect(harness.origin.paths().filter(StatusLayout.isStatusPath) == [legacy.status])
    }

    /// A duplicate of the experiment (another file declaring the same name) writes its own status file; the
    /// experiment's files an earlier version wrote stay where they are, and no third file appears.
    @Test func aDuplicateSpecDoesNotMoveFilesWrittenWithoutTheToken() async throws {
        let harness = try await Self.runningOnLegacyFiles()
        let legacy = Self.legacy
        let before = try harness.status(legacy.status)
        try harness.origin.commit(["experiments/z.yaml": Harness.spec()])
        for _ in 0..<3 { await harness.step() }
        let duplicate = StatusPaths.status("experiments/z")
        #expect(harness.origin.paths().filter(StatusLayout.isStatusPath).sorted() == [legacy.status, duplicate].sorted())
        #expect(try harness.status(legacy.status).state.completedIterations > before.state.completedIterations)
        #expect(harness.file(duplicate)?.contains("also declared") == true)
    }

    /// A status file an earlier version wrote that no longer decodes is recovered in place.
    @Test func anUnreadableFileWrittenWithoutTheTokenIsRecoveredInPlace() async throws {
        let harness = try await Self.runningOnLegacyFiles()
        let legacy = Self.legacy
        let before = try harness.status(legacy.status)
        try harness.origin.commit([legacy.status: "{ not: [a status"])
        await harness.step()
        await harness.step()
        #expect(try harness.status(legacy.status).state.completedIterations >= before.state.completedIterations)
        #expect(harness.origin.paths().filter(StatusLayout.isStatusPath) == [legacy.status])
    }

    static let legacy = StatusLayout.besideSpec.legacyFiles(
        specPath: Harness.path, namespace: "bookinfo", name: "reviews-canary", shared: false)

    /// A canary two passes in, its files renamed as an earlier version named them.
    static func runningOnLegacyFiles() async throws -> Harness {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        await harness.step()
        await harness.step()
        let current = StatusPaths.files("experiments/reviews-canary")
        try harness.origin.commit([
            legacy.status: harness.file(current.status), legacy.report: harness.file(current.report),
            legacy.chart: harness.file(current.chart), current.status: nil, current.report: nil, current.chart: nil,
        ])
        return harness
    }

    /// git's `pack_name_hash` (pack-objects.h).
    static func packNameHash(_ path: String) -> UInt32 {
        var hash: UInt32 = 0
        for byte in path.utf8 where !(byte == 0x20 || (0x09...0x0d).contains(byte)) {
            hash = (hash >> 2) &+ (UInt32(byte) << 24)
        }
        return hash
    }
}
