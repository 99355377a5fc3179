/// Monte-Carlo draws of one quantity for every version, stored version-major
/// (`values[v * samples + i]` is draw i of version v): rewards, utilities, or scores.
struct UtilityMatrix {
    let versions: Int
    let samples: Int
    var values: [Double]

    init(versions: Int, samples: Int, fill: Double = 0) {
        self.versions = versions
        self.samples = samples
        values = [Double](repeating: fill, count: versions * samples)
    }

    /// iter8 v1's win counts: in each draw every version whose value ties for the highest and is
    /// positive scores one win (pandas `rank(method='min') == 1` with utility > 0).
    func iter8WinCounts() -> [Double] {
        var wins = [Double](repeating: 0, count: versions)
        values.withUnsafeBufferPointer { u in
            for i in 0..<samples {
                var best = -Double.infinity
                for v in 0..<versions where u[v * samples + i] > best { best = u[v * samples + i] }
                guard best > 0 else { continue }
                for v in 0..<versions where u[v * samples + i] == best { wins[v] += 1 }
            }
        }
        return wins
    }

    /// The probability of being best among the `eligible` versions: in each draw the eligible version
    /// with the highest value wins; ties share the win equally.
    func bestProbabilities(eligible: [Bool]) -> [Double] {
        var wins = [Double](repeating: 0, count: versions)
        let members = (0..<versions).filter { eligible[$0] }
        guard !members.isEmpty, samples > 0 else { return wins }
        let S = samples
        values.withUnsafeBufferPointer { u in
            wins.withUnsafeMutableBufferPointer { w in
                members.withUnsafeBufferPointer { m in
                    for i in 0..<S {
                        var best = u[m[0] * S + i]
                        var winner = m[0]
                        var ties = 1
                        for j in 1..<m.count {
                            let x = u[m[j] * S + i]
                            if x > best {
                                best = x
                                winner = m[j]
                                ties = 1
                            } else if x == best {
                                ties += 1
                            }
                        }
                        if ties == 1 {
                            w[winner] += 1
                        } else {
                            let share = 1 / Double(ties)
                            for j in 0..<m.count where u[m[j] * S + i] == best { w[m[j]] += share }
                        }
                    }
                }
            }
        }
        return wins.map { $0 / Double(S) }
    }

    /// iter8 v1's top-k shares: the number of draws in which each eligible version ranks within the
    /// top `k` (fewer than k eligible versions are strictly higher), normalised to sum to 1.
    func topKShares(k: Int, eligible: [Bool]) -> [Double] {
        let members = (0..<versions).filter { eligible[$0] }
        var counts = [Double](repeating: 0, count: versions)
        guard !members.isEmpty else { return counts }
        if k >= members.count {
            for v in members { counts[v] = 1 / Double(members.count) }
            return counts
        }
        var top = [Double](repeating: -Double.infinity, count: k)
        values.withUnsafeBufferPointer { u in
            for i in 0..<samples {
                // The k-th largest value (with multiplicity): rank ≤ k ⟺ value ≥ it.
                for j in 0..<k { top[j] = -Double.infinity }
                for v in members {
                    let x = u[v * samples + i]
                    if x > top[k - 1] {
                        var j = k - 1
                        while j > 0 && top[j - 1] < x {
                            top[j] = top[j - 1]
                            j -= 1
                        }
                        top[j] = x
                    }
                }
                let kth = top[k - 1]
                for v in members where u[v * samples + i] >= kth { counts[v] += 1 }
            }
        }
        let total = counts.reduce(0, +)
        return total > 0 ? counts.map { $0 / total } : counts
    }
}
