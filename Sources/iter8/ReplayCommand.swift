import ArgumentParser
import Experiments
import Foundation
import YAML

/// `iter8 replay STATUS_FILE`: recomputes every recorded decision from its recorded inputs and seed.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Recompute every decision recorded in a status file and check it is identical.",
        discussion: """
            Each iteration's analysis input (metric values, settings, seed) is fed to the engine it names; the \
            decision is proven when the result is byte-for-byte the recorded one. Exits with 1 on any difference.
            """)

    @Argument(help: "A status file written by the service.")
    var statusFile: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: statusFile) else {
            throw ValidationError("\(statusFile): cannot be read")
        }
        let status: ExperimentStatus
        do {
            status = try YAMLDecoder(unknownFields: .error).decode(
                ExperimentStatus.self, from: String(decoding: data, as: UTF8.self), file: statusFile)
        } catch {
            throw ValidationError("\(error)")
        }
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        for verdict in verdicts {
            let mark = verdict.identical ? "identical" : "DIFFERENT"
            print("iteration \(verdict.number) (\(verdict.engine)): \(mark)\(verdict.detail.map { ": \($0)" } ?? "")")
        }
        let different = verdicts.filter { !$0.identical }.count
        print("\(status.experiment.namespace)/\(status.experiment.name): \(verdicts.count - different) of \(verdicts.count) decisions reproduced")
        if different > 0 { throw ExitCode(1) }
    }
}
