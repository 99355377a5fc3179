import CLibGit2
import Foundation
import Redaction

extension LibGit2Repository {
    /// Removes passwords an earlier version left in the clone: a remote URL with a password in `config`
    /// (libgit2 writes the URL it is given there on clone) is replaced by the URL without it, and a `FETCH_HEAD`
    /// naming such a URL is deleted (the next fetch writes it again, without the password).
    ///
    /// Runs when a clone is opened, so an upgraded service cleans a work folder it reuses; a clone made by this
    /// version never holds one (see ``GitRemote/forTransport(operation:)``).
    static func scrubStoredPasswords(_ repo: OpaquePointer, gitDirectory: String, context: GitError.Context) throws(GitError) {
        var names = git_strarray()
        try LibGit2.check("git_remote_list", git_remote_list(&names, repo), context)
        defer { git_strarray_dispose(&names) }
        for index in 0..<names.count {
            guard let cName = names.strings[index] else { continue }
            var remote: OpaquePointer?
            guard git_remote_lookup(&remote, repo, cName) == 0 else { continue }
            defer { git_remote_free(remote) }
            for (read, write) in [(git_remote_url, git_remote_set_url), (git_remote_pushurl, git_remote_set_pushurl)] {
                guard let url = read(remote).map({ String(cString: $0) }), url.contains("://"),
                    let info = URLUserInfo(url), info.password != nil
                else { continue }
                try LibGit2.check("git_remote_set_url", write(repo, cName, info.withoutPassword), context)
            }
        }
        let fetchHead = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "FETCH_HEAD"
        if let data = FileManager.default.contents(atPath: fetchHead),
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).contains(where: { line in
                line.split(separator: " ").contains { URLUserInfo(String($0))?.password != nil && $0.contains("://") }
            })
        {
            try? FileManager.default.removeItem(atPath: fetchHead)
        }
    }
}
