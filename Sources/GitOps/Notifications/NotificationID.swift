import Crypto
import Foundation

/// The stable id of a notification: the first 32 hex digits of SHA-256 over the experiment, the kind, the
/// iteration and the spec revision the experiment runs.
///
/// Not the pushed commit: the entry is written in the same commit as the transition it reports, before that
/// commit's id exists, and a push replayed on a newer head gets a new id; the spec revision and the iteration
/// identify the transition whichever commit records it, on every replica.
public enum NotificationID {
    /// The id of the notification of `kind` for `experiment` at `iteration` of the spec at `specRevision`.
    public static func make(experiment: String, kind: NotificationKind, iteration: Int, specRevision: String?) -> String {
        let text = [experiment, kind.rawValue, String(iteration), specRevision ?? "-"].joined(separator: "\n")
        let digest = SHA256.hash(data: Data(text.utf8))
        return digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
