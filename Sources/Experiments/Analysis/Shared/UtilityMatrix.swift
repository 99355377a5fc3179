/// Monte-Carlo draws of one quantity for every version, stored version-major
/// (`values[v * samples + i]` is draw i of version v): rewards, utilities, or scores.
///
/// The per-draw reductions below run version-outer, draw-inner over contiguous rows, so that the
/// compiler can vectorise them; the row maxima live in one scratch buffer per call.
struct UtilityMatrix {
    let versions: Int
    let samples: Int
    var values: [Double]

    init(versions: Int, samples: Int, fill: Double = 0) {
        self.versions = versions
        self.samples = samples
        values = [Double](repeating: fill, count: versions * samples)
    }

    /// The per-draw maximum and second largest value (with multiplicity) over `members`.
    private func rowTop(_ members: [Int], second: Bool) -> (first: [Double], second: [Double]) {
        let S = samples
        var first = [Double](repeating: -.infinity, count: S)
        var next = [Double](repeating: -.infinity, count: second ? S : 0)
        values.withUnsafeBufferPointer { u in
            first.withUnsafeMutableBufferPointer { m1 in
                next.withUnsafeMutableBufferPointer { m2 in
                    for v in members {
                        let row = u.baseAddress! + v * S
                        if second {
                            for i in 0..<S {
                                let x = row[i]
                                let low = x < m1[i] ? x : m1[i]
                                m2[i] = low > m2[i] ? low : m2[i]
                                m1[i] = x > m1[i] ? x : m1[i]
                            }
                        } else {
                            for i in 0..<S {
                                let x = row[i]
                                m1[i] = x > m1[i] ? x : m1[i]
                            }
                        }
                    }
                }
            }
        }
        return (first, next)
    }

    /// How many draws of each member reach `bar[i]` (value ≥ bar; only where `bar[i] > floor`).
    private func countReaching(_ bar: [Double], members: [Int], above floor: Double) -> [Double] {
        let S = samples
        var counts = [Double](repeating: 0, count: versions)
        values.withUnsafeBufferPointer { u in
            bar.withUnsafeBufferPointer { b in
                for v in members {
                    let row = u.baseAddress! + v * S
                    var count = 0
                    for i in 0..<S {
                        // Branch-free so that the loop vectorises.
                        count &+= (row[i] >= b[i] ? 1 : 0) & (b[i] > floor ? 1 : 0)
                    }
                    counts[v] = Double(count)
                }
            }
        }
        return counts
    }

    /// iter8 v1's win counts: in each draw every version whose value ties for the highest and is
    /// positive scores one win (pandas `rank(method='min') == 1` with utility > 0).
    func iter8WinCounts() -> [Double] {
        let all = Array(0..<versions)
        return countReaching(rowTop(all, second: false).first, members: all, above: 0)
    }

    /// The share of draws in which `version` is within `tolerance` of every other eligible version: its value
    /// is at least max over eligible j ≠ version of (value_j − tolerance·|value_j|). 1 when it has no rival.
    func probabilityWithin(_ tolerance: Double, of version: Int, among eligible: [Bool]) -> Double {
        let rivals = (0..<versions).filter { eligible[$0] && $0 != version }
        guard samples > 0 else { return 0 }
        guard !rivals.isEmpty else { return 1 }
        var bar = [Double](repeating: -.infinity, count: samples)
        var count = 0
        values.withUnsafeBufferPointer { u in
            bar.withUnsafeMutableBufferPointer { b in
                for j in rivals {
                    let row = u.baseAddress! + j * samples
                    for i in 0..<samples {
                        let x = row[i]
                        let lowered = x - tolerance * abs(x)
                        b[i] = lowered > b[i] ? lowered : b[i]
                    }
                }
                let own = u.baseAddress! + version * samples
                for i in 0..<samples where own[i] >= b[i] { count += 1 }
            }
        }
        return Double(count) / Double(samples)
    }

    /// The probability of being best among the `eligible` versions: in each draw the eligible version
    /// with the highest value wins; ties share the win equally.
    func bestProbabilities(eligible: [Bool]) -> [Double] {
        var wins = [Double](repeating: 0, count: versions)
        let members = (0..<versions).filter { eligible[$0] }
        guard !members.isEmpty, samples > 0 else { return wins }
        let S = samples
        let top = rowTop(members, second: false).first
        var ties = [Double](repeating: 0, count: S)
        values.withUnsafeBufferPointer { u in
            top.withUnsafeBufferPointer { m in
                ties.withUnsafeMutableBufferPointer { t in
                    for v in members {
                        let row = u.baseAddress! + v * S
                        for i in 0..<S { t[i] += row[i] == m[i] ? 1 : 0 }
                    }
                    var mostTied = 0.0
                    for i in 0..<S { mostTied = t[i] > mostTied ? t[i] : mostTied }
                    if mostTied == 1 {
                        // No ties (the usual case with continuous rewards): every share is 1, and counting is exactly
                        // the sum below (sums of 1.0 up to 2⁵³ are exact in any order), without a division per draw.
                        for v in members {
                            let row = u.baseAddress! + v * S
                            var count = 0
                            for i in 0..<S { count &+= row[i] == m[i] ? 1 : 0 }
                            wins[v] = Double(count)
                        }
                        return
                    }
                    for v in members {
                        let row = u.baseAddress! + v * S
                        var sum = 0.0
                        for i in 0..<S { sum += row[i] == m[i] ? 1 / t[i] : 0 }
                        wins[v] = sum
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
        if k <= 2 {
            // Rank ≤ k ⟺ value ≥ the k-th largest value of the draw (counted with multiplicity).
            let top = rowTop(members, second: k == 2)
            counts = countReaching(k == 1 ? top.first : top.second, members: members, above: -.infinity)
        } else {
            counts = topKGeneral(k: k, members: members)
        }
        let total = counts.reduce(0, +)
        return total > 0 ? counts.map { $0 / total } : counts
    }

    private func topKGeneral(k: Int, members: [Int]) -> [Double] {
        var counts = [Double](repeating: 0, count: versions)
        var top = [Double](repeating: -Double.infinity, count: k)
        values.withUnsafeBufferPointer { u in
            for i in 0..<samples {
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
                for v in members where u[v * samples + i] >= top[k - 1] { counts[v] += 1 }
            }
        }
        return counts
    }
}
