import Experiments
import Foundation

/// Edits an experiment's split in the repository file that declares its routed object (`git` apply mode, and the
/// promotion commit): surgical, so every byte outside the weights (and, for a promotion, the routes it removes)
/// stays as it was. One implementation per ``Experiments/RoutingKind``.
public protocol ManifestRouting: Sendable {
    /// The kind of object whose manifests this edits.
    var kind: RoutingKind { get }

    /// The text of `manifest` (the file's bytes, possibly several YAML documents) with the experiment's weights set
    /// to `split` in the document declaring its routed object.
    ///
    /// - Parameter file: the file's path, for errors.
    /// - Throws: the plug-in's error when the file does not declare the object, or its route cannot be located.
    func applying(_ split: [String: Int], for experiment: Experiment, in manifest: Data, file: String) throws -> String

    /// The text of `manifest` with all traffic given to `winner` for good (an A/B route removed, as on the live object).
    func promoting(_ winner: String, for experiment: Experiment, in manifest: Data, file: String) throws -> String
}
