import CLibGit2
import Foundation

extension GitOID {
    /// The id Git gives a file (blob) holding `data`: what a tree entry for it will name.
    public static func blob(of data: Data) -> GitOID? {
        LibGit2.ensureInitialized()
        var oid = git_oid()
        let rc = data.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return rc == 0 ? GitOID(oid) : nil
    }
}
