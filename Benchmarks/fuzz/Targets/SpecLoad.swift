import Experiments
import Foundation
@testable import GitOps

/// YAML → Experiment / Metric: the path `iter8 validate` and every reconcile pass take for a repository file —
/// libyaml, the located decoder, the v2alpha2 validator and the v1alpha2 translator, metric resolution and the
/// issue texts (human and GitHub annotation). An experiment the gate accepts is then started as `iter8 run` would
/// start it (target acquired, versions ready, first interval passes) and its first status file is written, so a
/// spec that validates but traps at run time is found here too.
// libFuzzer: -dict=Benchmarks/fuzz/dict/yaml.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func specLoad(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let text = String(decoding: input.rest(), as: UTF8.self)
    var set = SpecSet()
    set.add(SpecLoader().load(text, file: "experiments/fuzz.yaml"))
    set.resolveMetrics()
    for issue in set.issues {
        _ = issue.description
        _ = issue.githubAnnotation
    }
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    for (experiment, source) in set.experiments {
        _ = experiment.totalIterations
        var machine = ExperimentStateMachine(experiment: experiment, state: .new(at: start))
        _ = machine.targetChecked(ownsTarget: true, queuedBehind: nil, at: start)
        _ = machine.versionsChecked(ready: true, message: "ready", currentWeights: nil, at: start)
        let interval = Double(experiment.duration.intervalSeconds)
        _ = machine.timePassed(at: start.addingTimeInterval(interval))
        _ = machine.supervisionChecked(at: start.addingTimeInterval(2 * interval))
        let status = ExperimentStatus(
            experiment: ExperimentIdentity(
                name: experiment.name, namespace: experiment.namespace, target: experiment.target, specPath: source.file),
            specRevision: "0000000000000000000000000000000000000000",
            seed: Seeds.base(from: "\(experiment.namespace)/\(experiment.name)"), state: machine.state)
        _ = try? Reconciler.statusText(status)
    }
    return 0
}
