import Foundation
import Spawn

/// Creates a bare Git repository whose first commit holds the given folders, with the `git` command
/// (installed with the project's dependencies).
public enum SeedRepository {
    /// A folder copied into the repository.
    public struct Content: Sendable {
        /// The folder (or file) on disk.
        public var source: String
        /// Where it goes in the repository ("" for the root).
        public var destination: String

        /// Creates a mapping.
        public init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }
    }

    /// Creates `bare` (a new bare repository) with one commit on `branch` holding `contents`.
    public static func create(
        bare: URL, branch: String, contents: [Content], message: String = "Seed the repository"
    ) throws {
        let files = FileManager.default
        let work = bare.deletingLastPathComponent().appendingPathComponent(".seed-\(UUID().uuidString.prefix(8))")
        defer { try? files.removeItem(at: work) }
        try files.createDirectory(at: work, withIntermediateDirectories: true)
        for content in contents {
            let target = content.destination.isEmpty ? work : work.appendingPathComponent(content.destination)
            try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: content.source, isDirectory: &isDirectory) else {
                throw PlaygroundError("\(content.source) does not exist")
            }
            if isDirectory.boolValue {
                try files.createDirectory(at: target, withIntermediateDirectories: true)
                for item in try files.contentsOfDirectory(atPath: content.source) {
                    try files.copyItem(
                        atPath: (content.source as NSString).appendingPathComponent(item),
                        toPath: target.appendingPathComponent(item).path)
                }
            } else {
                try files.copyItem(atPath: content.source, toPath: target.path)
            }
        }
        try git(["init", "--bare", "--initial-branch", branch, bare.path], in: nil)
        try git(["init", "--initial-branch", branch], in: work)
        try git(["add", "--all"], in: work)
        try git(["commit", "--quiet", "--message", message], in: work)
        try git(["push", "--quiet", bare.path, "HEAD:refs/heads/\(branch)"], in: work)
    }

    /// Runs `git` with a fixed identity and no user or system configuration.
    @discardableResult
    public static func git(_ arguments: [String], in directory: URL?) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Platform Team"
        environment["GIT_AUTHOR_EMAIL"] = "platform@example.com"
        environment["GIT_COMMITTER_NAME"] = "Platform Team"
        environment["GIT_COMMITTER_EMAIL"] = "platform@example.com"
        let output = Pipe()
        let process = try SpawnedProcess.start(
            try gitExecutable().path, arguments, environment: environment, directory: directory?.path,
            standardOutput: output.fileHandleForWriting.fileDescriptor,
            standardError: output.fileHandleForWriting.fileDescriptor)
        try? output.fileHandleForWriting.close()  // the child has its copy; reading to the end needs ours closed
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let termination = process.waitForExit()
        let text = String(decoding: data, as: UTF8.self)
        guard termination.succeeded else {
            throw PlaygroundError("git \(arguments.joined(separator: " ")) failed: \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return text
    }

    static func gitExecutable() throws -> URL {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("git")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw PlaygroundError("the git command is missing; install the Debian package git")
    }
}

/// A failure to set up the playground, with what to do about it.
public struct PlaygroundError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
