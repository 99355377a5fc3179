import GitOps
import Testing

/// Where status and report files go.
@Suite struct StatusLayoutTests {
    @Test func besideTheSpec() {
        let files = StatusLayout.besideSpec.files(specPath: "experiments/canary.yaml", namespace: "ns", name: "canary", shared: false)
        #expect(files.status == "experiments/canary.status.yaml")
        #expect(files.report == "experiments/canary.report.md")
        #expect(files.chart == "experiments/canary.report.svg")
        let shared = StatusLayout.besideSpec.files(specPath: "all.yml", namespace: "ns", name: "b", shared: true)
        #expect(shared.status == "all.b.status.yaml")
    }

    @Test func underOneDirectory() {
        let files = StatusLayout.directory("/status/").files(specPath: "experiments/canary.yaml", namespace: "ns", name: "canary", shared: true)
        #expect(files.status == "status/ns/canary.status.yaml")
        #expect(files.report == "status/ns/canary.report.md")
    }
}
