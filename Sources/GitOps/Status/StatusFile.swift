import Experiments
import Foundation
import YAML

/// The status file's text, written and read the same way everywhere: a header for people, then the document
/// in model order (identical documents give identical bytes).
///
/// The writer bounds the file whatever the number of iterations: it compacts the document with
/// ``Experiments/StatusCompaction/standard`` and, while the text is above ``targetBytes``, harder; it never
/// returns text above ``readLimitBytes``, the limit every reader applies (``read(_:file:unknownFields:)``).
public enum StatusFile {
    /// The first line of every status file.
    public static let header = "# Written by iter8 after every change of this experiment; edits are overwritten.\n"
    /// The largest status file a reader accepts: the YAML reader's input limit (1 MiB).
    public static let readLimitBytes = YAMLLimits.default.maxInputBytes
    /// The size the writer keeps a status file under while compacting the standard way is enough (512 KiB):
    /// half the reader's limit, so a long run never comes near it.
    public static let targetBytes = 512 * 1024
    /// Spec errors kept when nothing else is left to compact.
    static let keptSpecErrors = 20

    /// A written status file.
    public struct Written: Sendable {
        /// The document as written: compacted.
        public var status: ExperimentStatus
        /// The file's text.
        public var text: String
    }

    /// The text of `status`, compacted with `policy` and harder until it is at most `targetBytes`; if even the
    /// strictest compaction is above the target, the strictest text when the reader accepts it.
    ///
    /// - Throws: ``StatusFileError/Code/tooLarge`` when no compaction fits ``readLimitBytes``, and
    ///   ``StatusFileError/Code/outOfRange`` when a number is outside what ``read(_:file:unknownFields:)`` accepts
    ///   (``Experiments/StatusCheck``); the file is then not written at all.
    public static func write(
        _ status: ExperimentStatus, policy: StatusCompaction = .standard, targetBytes: Int = targetBytes
    ) throws -> Written {
        var policy = policy
        var compacted = policy.apply(to: status)
        var text = try encode(compacted)
        // Each step halves what the document holds (not the policy's nominal counts), so every step changes it:
        // the full records first, then the compact ones.
        while text.utf8.count > targetBytes, let harder = StatusCompaction(
            fullIterations: min(policy.fullIterations, compacted.iterations.count),
            compactIterations: compacted.iterations.isEmpty
                ? min(policy.compactIterations, compacted.compactedIterations?.count ?? 0) : policy.compactIterations
        ).harder {
            policy = harder
            compacted = policy.apply(to: compacted)
            text = try encode(compacted)
        }
        if text.utf8.count > readLimitBytes, let errors = compacted.specErrors, errors.count > keptSpecErrors {
            compacted.specErrors = Array(errors.prefix(keptSpecErrors)) + ["… and \(errors.count - keptSpecErrors) more"]
            text = try encode(compacted)
        }
        let problems = StatusCheck.problems(compacted, limit: 5)
        guard problems.isEmpty else {
            throw StatusFileError(
                .outOfRange,
                "the status of \(status.experiment.namespace)/\(status.experiment.name) holds numbers its readers refuse ("
                    + problems.joined(separator: "; ") + "); it is not written")
        }
        guard text.utf8.count <= readLimitBytes else {
            throw StatusFileError(
                .tooLarge,
                "the status of \(status.experiment.namespace)/\(status.experiment.name) is \(text.utf8.count) bytes even "
                    + "compacted, above the \(readLimitBytes) bytes a reader accepts; it is not written")
        }
        return Written(status: compacted, text: text)
    }

    /// Reads a status file: at most ``readLimitBytes``, a status document, every number in its range
    /// (``Experiments/StatusCheck``).
    ///
    /// - Parameter unknownFields: `.ignore` for the service (a newer service's fields are not an error),
    ///   `.error` for `iter8 replay`, which reads strictly.
    public static func read(
        _ data: Data, file: String, unknownFields: YAMLDecoder.UnknownFieldPolicy = .ignore
    ) throws -> ExperimentStatus {
        guard data.count <= readLimitBytes else {
            throw StatusFileError(.unreadable, "\(file) is \(data.count) bytes, above the \(readLimitBytes) a status file may have")
        }
        let status: ExperimentStatus
        do {
            status = try YAMLDecoder(unknownFields: unknownFields).decode(
                ExperimentStatus.self, from: String(decoding: data, as: UTF8.self), file: file)
        } catch {
            throw StatusFileError(.unreadable, "\(file) is not a status document", cause: error)
        }
        let problems = StatusCheck.problems(status, limit: 5)
        guard problems.isEmpty else {
            throw StatusFileError(.outOfRange, "\(file): " + problems.joined(separator: "; "))
        }
        return status
    }

    static func encode(_ status: ExperimentStatus) throws -> String {
        header + (try YAMLEncoder().encode(status))
    }
}
