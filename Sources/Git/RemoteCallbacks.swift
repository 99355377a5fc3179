import CLibGit2
import Foundation

/// The payload behind libgit2's remote callbacks for one network operation, on one thread.
///
/// libgit2 callbacks are C function pointers, so they are non-capturing closures that find this
/// object through the `payload` pointer. It answers credential requests (giving up after one
/// rejected attempt), checks SSH host keys against known_hosts, records the server's verdict on
/// each pushed ref, and stops the transfer when the operation's deadline has passed.
final class RemoteCallbacks {
    let remote: GitRemote
    let abort: AbortFlag
    private let knownHosts: KnownHosts?
    private let port: Int
    /// How many times a secret was handed to libgit2 in this operation.
    private(set) var attempts = 0
    /// Set when the certificate callback refused an SSH host key.
    private(set) var hostKeyFailure: GitError.Code?
    /// Refs the server refused during a push: (refname, server status message).
    private(set) var rejectedRefs: [(ref: String, message: String)] = []
    /// Refs the server accepted during a push.
    private(set) var acceptedRefs: [String] = []
    /// The last few kilobytes of the server's progress and hook output ("remote: …" lines).
    private(set) var serverOutput = ""

    init(remote: GitRemote, abort: AbortFlag) throws(GitError) {
        self.remote = remote
        self.abort = abort
        port = Self.port(of: remote.url)
        if let file = remote.knownHostsFile {
            do {
                knownHosts = try KnownHosts(path: file)
            } catch {
                throw GitError(
                    code: .unknownHost, operation: "read known_hosts", message: "cannot read '\(file)': \(error)",
                    context: remote.context())
            }
        } else {
            knownHosts = nil
        }
        if let ca = remote.certificateAuthorityFile {
            try CertificateAuthorities.shared.trust(ca, context: remote.context())
        }
    }

    /// Fills in libgit2's callback table; keep `self` alive for as long as libgit2 may call it.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowed, payload in
            guard let out, let payload else { return -1 }
            let box = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            return box.credential(out, usernameFromURL.map { String(cString: $0) }, allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            guard let cert, let payload else { return -1 }
            let box = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            return box.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.push_update_reference = { refname, status, payload in
            guard let payload else { return -1 }
            let box = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            let ref = refname.map { String(cString: $0) } ?? ""
            if let status {
                box.rejectedRefs.append((ref, String(cString: status)))
            } else {
                box.acceptedRefs.append(ref)
            }
            return 0
        }
        callbacks.transfer_progress = { _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().abort.isRaised ? -1 : 0
        }
        callbacks.sideband_progress = { text, length, payload in
            guard let payload else { return 0 }
            let box = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            if let text, length > 0 {
                let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
                box.serverOutput = String((box.serverOutput + String(decoding: bytes, as: UTF8.self)).suffix(4096))
            }
            return box.abort.isRaised ? -1 : 0
        }
        callbacks.push_transfer_progress = { _, _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().abort.isRaised ? -1 : 0
        }
    }

    /// The server's messages without progress counters, one line each, for error messages.
    var serverMessages: String {
        serverOutput.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.contains("%") }
            .joined(separator: "; ")
    }

    /// The error code that should replace libgit2's classification, when a callback decided the outcome.
    var overrideCode: GitError.Code? {
        if let hostKeyFailure { return hostKeyFailure }
        if abort.isRaised { return .network }
        return nil
    }

    private func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, _ usernameFromURL: String?, _ allowed: UInt32
    ) -> Int32 {
        func refuse(_ message: String) -> Int32 {
            git_error_set_str(Int32(GIT_ERROR_HTTP.rawValue), message)
            return GIT_EAUTH.rawValue
        }
        func allows(_ type: git_credential_t) -> Bool { allowed & type.rawValue != 0 }
        switch remote.credentials {
        case .none:
            return refuse("the server asked for credentials and none are configured")
        case .userToken(let user, let token):
            guard allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT) else { return refuse("the server does not accept a user and token") }
            guard attempts == 0 else { return refuse("the server rejected the credentials of user '\(user)'") }
            attempts += 1
            return git_credential_userpass_plaintext_new(out, user, token)
        case .sshKeyFile(let user, let privateKey, let publicKey, let passphrase):
            if allows(GIT_CREDENTIAL_USERNAME) && !allows(GIT_CREDENTIAL_SSH_KEY) {
                return git_credential_username_new(out, usernameFromURL ?? user)
            }
            guard allows(GIT_CREDENTIAL_SSH_KEY) else { return refuse("the server does not accept an SSH key") }
            guard attempts == 0 else { return refuse("the server rejected the SSH key of user '\(user)'") }
            attempts += 1
            return git_credential_ssh_key_new(out, usernameFromURL ?? user, publicKey, privateKey, passphrase)
        case .sshKeyMemory(let user, let privateKey, let publicKey, let passphrase):
            if allows(GIT_CREDENTIAL_USERNAME) && !allows(GIT_CREDENTIAL_SSH_MEMORY) {
                return git_credential_username_new(out, usernameFromURL ?? user)
            }
            guard allows(GIT_CREDENTIAL_SSH_MEMORY) else { return refuse("the server does not accept an SSH key") }
            guard attempts == 0 else { return refuse("the server rejected the SSH key of user '\(user)'") }
            attempts += 1
            return git_credential_ssh_key_memory_new(out, usernameFromURL ?? user, publicKey, privateKey, passphrase)
        }
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            return GIT_PASSTHROUGH.rawValue  // TLS: libgit2 verifies against the trust store (CertificateAuthorities)
        }
        let verdict: KnownHosts.Verdict
        let hostkey = UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        if knownHosts == nil {
            verdict = .unknownHost
            git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "no known_hosts file is configured; refusing host '\(host)'")
        } else if hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue == 0 || hostkey.hostkey == nil {
            verdict = .mismatch
            git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "the SSH transport did not provide the raw host key of '\(host)'")
        } else {
            let key = Data(bytes: hostkey.hostkey, count: hostkey.hostkey_len)
            verdict = knownHosts!.verify(host: host, port: port, key: key)
            let name = KnownHosts.lookupName(host: host, port: port)
            switch verdict {
            case .trusted: return 0
            case .unknownHost:
                git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "host '\(name)' is not in known_hosts")
            case .mismatch:
                git_error_set_str(
                    Int32(GIT_ERROR_SSH.rawValue), "the host key of '\(name)' does not match known_hosts (or is revoked)")
            }
        }
        hostKeyFailure = verdict == .unknownHost ? .unknownHost : .hostKeyMismatch
        return GIT_ECERTIFICATE.rawValue
    }

    /// The TCP port named in an ssh URL (`ssh://user@host:2222/…`), 22 otherwise.
    static func port(of url: String) -> Int {
        guard url.hasPrefix("ssh://"), let components = URLComponents(string: url), let port = components.port else {
            return 22
        }
        return port
    }
}
