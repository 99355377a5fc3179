import Experiments
import Foundation
import GitOps
import Testing

@Suite("Status table for iter8 status")
struct StatusTableTests {
    static let statuses: [(path: String, status: ExperimentStatus)] = [
        ("status/bookinfo/reviews-canary.yaml", ReportFixtures.canary),
        ("status/bookinfo/ratings-ab.yaml", ReportFixtures.empty),
        ("status/bookinfo/reviews-canary-2.yaml", {
            var status = ReportFixtures.invalidSpec
            status.experiment.name = "reviews-canary-2"
            return status
        }()),
    ]

    @Test func textGolden() throws {
        let table = StatusTable(Self.statuses, totalIterations: ["bookinfo/reviews-canary": 4])
        try Golden.check(table.text, "status-table.txt")
    }

    @Test func jsonGolden() throws {
        let table = StatusTable(Self.statuses, totalIterations: ["bookinfo/reviews-canary": 4])
        try Golden.check(try table.json(), "status-table.json")
    }

    @Test func columnsAlignAndLinesHaveNoTrailingSpaces() throws {
        let lines = StatusTable(Self.statuses).text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let header = try #require(lines.first)
        let offset = header.distance(from: header.startIndex, to: try #require(header.range(of: "PHASE")).lowerBound)
        let phases = lines.dropFirst().map { String(Array($0)[offset...].prefix { $0 != " " }) }
        #expect(phases == ["Completed", "Waiting", "Paused"])
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test func iterationShowsTheTotalOnlyWhenKnown() {
        let rows = StatusTable(Self.statuses, totalIterations: ["bookinfo/reviews-canary": 10]).text
        #expect(rows.contains("4/10"))
        #expect(StatusTable(Self.statuses).text.contains("4/") == false)
    }

    @Test func jsonRoundTripsAndKeepsWeights() throws {
        let data = Data(try StatusTable(Self.statuses).json().utf8)
        let rows = try JSONDecoder().decode([StatusRow].self, from: data)
        #expect(rows.map(\.name) == ["reviews-canary", "ratings-ab", "reviews-canary-2"])
        #expect(rows[0].weights == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(rows[2].pendingWeights == ["reviews-v1": 85, "reviews-v2": 15])
        #expect(rows[2].specErrors?.count == 2)
    }
}
