import Foundation
import Git

extension RolloutHistory {
    /// The commits of several first-parent logs (each newest first: the watched branch's and the status branch's) as
    /// one, newest first by commit time — a tie keeps the earlier log's commit first — each commit once, at most
    /// `limit` of them.
    public static func interleaved(_ logs: [[GitCommit]], limit: Int) -> [GitCommit] {
        var seen: Set<GitOID> = []
        let all = logs.enumerated().flatMap { log in log.element.enumerated().map { (log: log.offset, index: $0.offset, commit: $0.element) } }
        let ordered = all.sorted { a, b in
            if a.commit.time != b.commit.time { return a.commit.time > b.commit.time }
            return a.log != b.log ? a.log < b.log : a.index < b.index
        }
        return Array(ordered.map(\.commit).filter { seen.insert($0.id).inserted }.prefix(max(0, limit)))
    }
}
