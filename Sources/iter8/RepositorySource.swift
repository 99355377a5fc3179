import ArgumentParser
import Foundation
import Git

/// A repository given on the command line (a local path or a URL), read at the tip of a branch: cloned
/// bare into a temporary folder, so a local working copy and a remote are read the same way.
struct RepositorySource {
    let repository: LibGit2Repository
    let head: GitOID
    let folder: URL

    static func open(_ location: String, branch: String, tokenFile: String?) async throws -> RepositorySource {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iter8-read-\(UUID().uuidString.prefix(8))")
        var url = location
        if !location.contains("://"), FileManager.default.fileExists(atPath: location) {
            url = URL(fileURLWithPath: location).standardizedFileURL.path
        }
        var credentials = GitCredentials.none
        if let tokenFile {
            guard let token = FileManager.default.contents(atPath: tokenFile).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw ValidationError("cannot read the token file \(tokenFile)")
            }
            credentials = .userToken(user: "git", token: token.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let repository = try await LibGit2Repository.clone(
            GitRemote(url: url, credentials: credentials), into: folder.path, bare: true, branch: branch)
        guard let head = try await repository.resolveReference("refs/remotes/origin/\(branch)") else {
            try? FileManager.default.removeItem(at: folder)
            throw ValidationError("\(location) has no branch \(branch)")
        }
        return RepositorySource(repository: repository, head: head, folder: folder)
    }

    /// The tip of another branch of the same repository (the status branch), fetched.
    func head(of branch: String, location: String) async throws -> GitOID {
        do {
            return try await repository.fetch(branch: branch)
        } catch let error as GitError where error.code == .notFound {
            throw ValidationError("\(location) has no branch \(branch)")
        }
    }

    /// The status branch to read: the option, else `ITER8_STATUS_BRANCH` (as `iter8 run` reads it); nil for neither.
    static func statusBranch(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let option, !option.isEmpty { return option }
        return environment["ITER8_STATUS_BRANCH"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func close() { try? FileManager.default.removeItem(at: folder) }
}
