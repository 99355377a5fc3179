import Experiments
import Foundation
@testable import GitOps
import YAML

/// Status file → replay: the status file is what the service resumes from after a restart and what
/// `iter8 replay` proves decisions with, and it lives in a repository anyone with push access can edit. Decoded
/// as the reconciler reads it (unknown fields ignored) and as `iter8 replay` reads it (unknown fields are errors);
/// every recorded decision is recomputed; the reconciler's own writer must give text its reader takes back.
// libFuzzer: -dict=Benchmarks/fuzz/dict/yaml.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func statusReplay(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let text = String(decoding: input.rest(), as: UTF8.self)
    _ = try? YAMLDecoder(unknownFields: .error).decode(ExperimentStatus.self, from: text, file: "status/fuzz.yaml")
    guard let status = try? YAMLDecoder(unknownFields: .ignore).decode(ExperimentStatus.self, from: text, file: "status/fuzz.yaml")
    else { return 0 }
    for verdict in Replay.verify(status, engines: AnalysisEngines.byName) { _ = verdict.detail }
    if let written = try? StatusFile.write(status).text {
        do {
            _ = try YAMLDecoder(unknownFields: .ignore).decode(ExperimentStatus.self, from: written, file: "status/rewritten.yaml")
        } catch {
            fatalError("the status writer wrote what its reader refuses: \(error)")
        }
    }
    return 0
}
