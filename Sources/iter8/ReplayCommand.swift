import ArgumentParser
import Experiments
import Foundation
import GitOps

/// `iter8 replay STATUS_FILE`: recomputes every recorded decision from its recorded inputs and seed, and
/// checks the digests of the iterations kept as compact records.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Recompute every decision recorded in a status file and check it is identical.",
        discussion: """
            Each fully kept iteration's analysis input (metric values, settings, seed) is fed to the engine it \
            names; the decision is proven when the result is byte-for-byte the recorded one. Older iterations kept \
            as compact records are checked by their digest chain; with --earlier, their full records in earlier \
            versions of the file are checked against the digests too. Exits with 1 on any difference.
            """)

    @Argument(help: "A status file written by the service.")
    var statusFile: String

    @Option(name: .customLong("earlier"), help: "An earlier version of the status file (for example from `git show REV:PATH`), whose full records the compact ones are checked against. Repeatable.")
    var earlierFiles: [String] = []

    func run() throws {
        let status = try Self.read(statusFile)
        var earlier: [IterationRecord] = []
        for file in earlierFiles { earlier += try Self.read(file).iterations }
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        let records = earlierFiles.isEmpty ? [] : Replay.verifyRecordDigests(status, against: earlier)
        for verdict in verdicts + records {
            let mark = verdict.identical ? (verdict.compact ? "digest verified" : "identical")
                : verdict.notReplayed ? "not replayed" : "DIFFERENT"
            let kind = verdict.compact ? "compact, \(verdict.engine)" : verdict.engine
            print("iteration \(verdict.number) (\(kind)): \(mark)\(verdict.detail.map { ": \($0)" } ?? "")")
        }
        let full = verdicts.filter { !$0.compact }, compact = verdicts.filter(\.compact)
        var summary = "\(status.experiment.namespace)/\(status.experiment.name): "
            + "\(full.filter(\.identical).count) of \(full.count) decisions reproduced"
        let older = full.filter(\.notReplayed).count
        if older > 0 { summary += " (\(older) recorded by an older engine version, not recomputed)" }
        if !compact.isEmpty { summary += ", \(compact.filter(\.identical).count) of \(compact.count) compact records' digests verified" }
        if !records.isEmpty { summary += ", \(records.filter(\.identical).count) of \(records.count) full records found in earlier files match" }
        if let fold = status.foldedIterations { summary += "; iterations \(fold.firstNumber)–\(fold.lastNumber) (\(fold.count)) are folded" }
        print(summary)
        if (verdicts + records).contains(where: { !$0.identical && !$0.notReplayed }) { throw ExitCode(1) }
    }

    static func read(_ path: String) throws -> ExperimentStatus {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > StatusFile.readLimitBytes {  // refused before it is read whole
            throw ValidationError("\(path) is \(size) bytes, above the \(StatusFile.readLimitBytes) a status file may have")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot be read")
        }
        do {
            return try StatusFile.read(data, file: path, unknownFields: .error)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
