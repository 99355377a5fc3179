/// How a child process ended.
public enum Termination: Equatable, Sendable {
    /// It exited with this status (0 to 255; -1 when it could not be learnt).
    case exited(Int32)
    /// A signal ended it (the signal's number).
    case signalled(Int32)

    /// The exit status, or the signal's number, as Foundation's `Process.terminationStatus` reports either.
    public var status: Int32 {
        switch self {
        case .exited(let status), .signalled(let status): status
        }
    }

    /// True for an exit with status 0.
    public var succeeded: Bool { self == .exited(0) }
}
