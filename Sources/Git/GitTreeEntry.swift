/// One entry of a tree listing: a file, a directory, a symbolic link or a submodule commit.
public struct GitTreeEntry: Hashable, Sendable {
    /// What kind of object an entry points to, from its Git file mode.
    public enum Mode: Hashable, Sendable {
        /// A regular file (100644).
        case file
        /// An executable file (100755).
        case executable
        /// A symbolic link (120000); its blob holds the target.
        case symlink
        /// A directory (040000).
        case directory
        /// A submodule commit (160000).
        case submodule
        /// A mode this library does not know, as its octal value.
        case other(Int)

        /// The octal file mode as Git writes it, e.g. `0o100644`.
        public var octal: Int {
            switch self {
            case .file: 0o100644
            case .executable: 0o100755
            case .symlink: 0o120000
            case .directory: 0o040000
            case .submodule: 0o160000
            case .other(let value): value
            }
        }

        /// Maps an octal Git file mode to a case.
        public init(octal: Int) {
            switch octal {
            case 0o100644: self = .file
            case 0o100755: self = .executable
            case 0o120000: self = .symlink
            case 0o040000: self = .directory
            case 0o160000: self = .submodule
            default: self = .other(octal)
            }
        }
    }

    /// The path from the repository root, `/`-separated.
    public var path: String
    /// The id of the blob, tree or commit the entry points to.
    public var oid: GitOID
    /// The entry's file mode.
    public var mode: Mode

    /// Creates an entry.
    public init(path: String, oid: GitOID, mode: Mode) {
        self.path = path
        self.oid = oid
        self.mode = mode
    }
}
