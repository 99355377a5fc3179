import Kubernetes

/// The write every router makes on its live object: read it, make the edit, send it as a JSON patch whose `test`
/// operations guard the old values. When the object changed between the read and the patch — 409 Conflict, or 422
/// Invalid from a failed `test` — the whole attempt (read, edit, patch) is made again on a fresh read, up to
/// ``attempts`` times in all; the last stale-write error is then thrown as it came.
public enum GuardedPatch {
    /// Attempts in all: the first and two retries.
    public static let attempts = 3

    /// Whether `error` says the object changed under the patch (409, or 422 from a failed `test`).
    public static func isStaleWrite(_ error: any Error) -> Bool {
        guard let error = error as? KubeError else { return false }
        return error.code == .conflict || error.code == .invalid
    }

    /// Runs `attempt` (read, edit, patch) until it returns, throws anything but a stale write, or has been run
    /// ``attempts`` times; on the caller's isolation (a router actor's).
    public static func retrying<T>(isolation: isolated (any Actor)? = #isolation, _ attempt: () async throws -> T) async throws -> T {
        var made = 0
        while true {
            made += 1
            do {
                return try await attempt()
            } catch where isStaleWrite(error) && made < attempts {
                continue  // the object changed under us: read it again
            }
        }
    }
}
