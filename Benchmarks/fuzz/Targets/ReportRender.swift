import Experiments
import Foundation
import GitOps
import YAML

/// Status file → report: the Markdown report, its SVG chart and the `iter8 status` table are rendered from
/// whatever status document the repository holds (scales, ticks and labels come from recorded numbers).
// libFuzzer: -dict=Benchmarks/fuzz/dict/yaml.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func reportRender(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let text = String(decoding: input.rest(), as: UTF8.self)
    guard let status = try? YAMLDecoder(unknownFields: .ignore).decode(ExperimentStatus.self, from: text, file: "status/fuzz.yaml")
    else { return 0 }
    let renderer = ReportRenderer()
    _ = renderer.markdown(for: status, chartFile: "fuzz.svg")
    _ = renderer.svg(for: status)
    let table = StatusTable([(path: "status/fuzz.yaml", status: status)], totalIterations: ["\(status.experiment.namespace)/\(status.experiment.name)": 10])
    _ = table.text
    _ = try? table.json()
    return 0
}
