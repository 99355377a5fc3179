#if canImport(Glibc)
    import Glibc
#endif

/// A program could not be started: `posix_spawn` failed (missing, not executable, a bad working directory…).
public struct SpawnError: Error, CustomStringConvertible, Sendable {
    /// The program's path.
    public var executable: String
    /// The `errno` value `posix_spawn` returned.
    public var code: Int32

    /// Creates an error for `executable` and the `errno` value `code`.
    public init(executable: String, code: Int32) {
        self.executable = executable
        self.code = code
    }

    /// "cannot start /usr/bin/gpg: No such file or directory".
    public var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
}
