import Foundation

/// One edit to a commit's tree: write a file (creating directories as needed) or delete one.
///
/// Paths are relative to the repository root, separated by `/`, with no leading slash and no `.`
/// or `..` components.
public enum FileChange: Hashable, Sendable {
    /// Writes `data` at `path`, replacing any file there; `executable` sets mode 100755 instead of 100644.
    case write(path: String, data: Data, executable: Bool)
    /// Deletes the file at `path`; a directory left empty disappears with it.
    case delete(path: String)

    /// Writes a regular (non-executable) file.
    public static func write(_ path: String, _ data: Data) -> FileChange {
        .write(path: path, data: data, executable: false)
    }

    /// Writes a regular file holding `text` as UTF-8.
    public static func write(_ path: String, _ text: String) -> FileChange {
        .write(path: path, data: Data(text.utf8), executable: false)
    }

    /// The path this change touches.
    public var path: String {
        switch self {
        case .write(let path, _, _), .delete(let path): path
        }
    }
}

/// The name the project's issue uses for ``FileChange``.
public typealias GitChange = FileChange
