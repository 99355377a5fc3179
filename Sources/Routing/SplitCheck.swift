/// The check every router makes of a split before writing it, whatever the routing kind.
public enum SplitCheck {
    /// What is wrong with `split` for `versions`: nil when it gives every version (and nothing else) an integer
    /// weight 0–100 and the weights sum to 100; otherwise a sentence and the version concerned, if one.
    public static func problem(_ split: [String: Int], versions: [String]) -> (message: String, version: String?)? {
        for version in versions where split[version] == nil {
            return ("the split gives no weight to \(version)", version)
        }
        for version in split.keys.sorted() where !versions.contains(version) {
            return ("the split names \(version), which is not a version of the experiment", version)
        }
        for version in versions {
            let weight = split[version] ?? 0
            guard (0...100).contains(weight) else { return ("weight \(weight) is outside 0–100", version) }
        }
        let total = versions.reduce(0) { $0 + (split[$1] ?? 0) }
        guard total == 100 else {
            let terms = versions.map { "\($0)=\(split[$0] ?? 0)" }.joined(separator: ", ")
            return ("weights must sum to 100, these sum to \(total) (\(terms))", nil)
        }
        return nil
    }
}
