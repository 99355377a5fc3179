/// The common horizon of the second exposure measure: what users see over the longest a default `bayes` canary
/// may run (4 × its 10 planned iterations of 20 s). Until its decision a candidate serves what its weight gives it;
/// after a promotion it serves every request, after a rollback none.
enum Horizon {
    /// Intervals from the start.
    static let intervals = 40
    /// Seconds per interval (the specs' `intervalSeconds`).
    static let intervalSeconds = 20.0
}
