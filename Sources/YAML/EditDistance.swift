/// Levenshtein distance with a bound, for "found unknown field" hints on missing fields.
enum EditDistance {
    static func isWithin(_ bound: Int, _ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard abs(a.count - b.count) <= bound else { return false }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= bound }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count] <= bound
    }
}
