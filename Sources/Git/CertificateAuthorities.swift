import CLibGit2
import Foundation

/// The process-wide set of extra CA certificates libgit2 trusts for https.
///
/// libgit2 1.5 with mbedTLS has one trust store per process (`GIT_OPT_SET_SSL_CERT_LOCATIONS`), and
/// setting it replaces the previous one. To let several remotes with different private CAs coexist,
/// this keeps the union of every CA file requested so far plus the system bundle, writes it to one
/// file in the temporary directory and installs that file.
///
/// Caveat (libgit2 1.5): installing a new store frees the previous one, so adding a *new* CA while
/// another thread is in a TLS handshake is unsafe. Re-adding a known CA is a no-op, so a process
/// that uses one private CA (the normal case) installs it once, before its first https operation.
final class CertificateAuthorities: @unchecked Sendable {
    // @unchecked: every mutable field is only touched while holding `lock`.
    static let shared = CertificateAuthorities()

    /// The system's CA bundle, kept trusted alongside private CAs (Debian's path).
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    private let lock = NSLock()
    /// The PEM text of every CA asked for so far, by file path (kept, since files may go away).
    private var authorities: [String: Data] = [:]
    private let bundle = URL(fileURLWithPath: CertificateAuthorities.bundlePath)

    /// Where this process's bundle lives; removed when the process exits normally.
    static let bundlePath: String = {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("iter8-git-ca-\(ProcessInfo.processInfo.processIdentifier).pem").path
        atexit { try? FileManager.default.removeItem(atPath: CertificateAuthorities.bundlePath) }  // best effort
        return path
    }()

    /// Adds the PEM file at `path` to the trusted set and reinstalls the bundle when it changed.
    func trust(_ path: String, context: GitError.Context) throws(GitError) {
        LibGit2.ensureInitialized()
        guard let added = FileManager.default.contents(atPath: path) else {
            throw GitError(code: .certificate, operation: "read CA file", message: "cannot read '\(path)'", context: context)
        }
        lock.lock()
        defer { lock.unlock() }
        if authorities[path] == added { return }
        var pem = Data()
        for (_, data) in authorities.merging([path: added], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            pem.append(data)
            pem.append(0x0A)
        }
        if let system = FileManager.default.contents(atPath: Self.systemBundle) { pem.append(system) }
        do {
            try pem.write(to: bundle, options: .atomic)
        } catch {
            throw GitError(
                code: .other, operation: "write CA bundle", message: "\(bundle.path): \(error)", context: context)
        }
        try LibGit2.check(
            "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)", iter8_git_set_ssl_cert_locations(bundle.path, nil),
            context, override: .certificate)
        authorities[path] = added
    }
}
