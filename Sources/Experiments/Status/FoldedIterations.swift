/// The oldest iterations of a long experiment, folded into a count and the digest chain's value after the
/// last of them, when even their compact records would not fit the status file's bound.
public struct FoldedIterations: Codable, Hashable, Sendable {
    /// How many iteration records were folded.
    public var count: Int
    /// The number of the first folded iteration.
    public var firstNumber: Int
    /// The number of the last folded iteration.
    public var lastNumber: Int
    /// The `digest` of the last folded compact record: the next compact record chains from it.
    public var digest: String

    /// Creates a fold.
    public init(count: Int, firstNumber: Int, lastNumber: Int, digest: String) {
        self.count = count
        self.firstNumber = firstNumber
        self.lastNumber = lastNumber
        self.digest = digest
    }
}
