import Foundation
import HTTPTransport

extension KubeConfig {
    /// The connection for context `name`, or for `current-context` when `name` is nil.
    ///
    /// Certificate, key and token files must exist; `*-data` fields must be valid base64. A `tokenFile` takes
    /// precedence over `token` (as in client-go), an exec plugin over both; basic authentication together with
    /// a token is refused as ambiguous.
    ///
    /// - Throws: ``KubeError`` `.configuration` naming the context, entry and field at fault.
    public func connection(context name: String? = nil) throws -> KubeConnection {
        guard let contextName = name ?? currentContext else {
            throw configurationError("no context given and current-context is not set")
        }
        guard let context = contexts.first(where: { $0.name == contextName }) else {
            throw configurationError(
                "context \"\(contextName)\" not found (contexts: \(contexts.map(\.name).joined(separator: ", ")))")
        }
        guard let cluster = clusters.first(where: { $0.name == context.cluster }) else {
            throw configurationError("cluster \"\(context.cluster)\" of context \"\(contextName)\" not found")
        }
        let where_ = "cluster \"\(cluster.name)\""
        guard let serverText = cluster.server, let server = URL(string: serverText),
            ["https", "http"].contains(server.scheme?.lowercased() ?? ""), server.host != nil
        else {
            throw configurationError("\(where_) has no valid https server URL")
        }

        var tls = TLSConfiguration(serverName: cluster.tlsServerName)
        if let data = cluster.certificateAuthorityData {
            tls.certificateAuthority = .pem(try decodeBase64(data, field: "certificate-authority-data", of: where_))
        } else if let file = cluster.certificateAuthority {
            try requireFile(file, field: "certificate-authority", of: where_)
            tls.certificateAuthority = .file(file)
        }
        if cluster.insecureSkipTLSVerify {
            if tls.certificateAuthority != nil {
                throw configurationError("\(where_) sets both a certificate authority and insecure-skip-tls-verify")
            }
            tls.verification = .insecureSkipVerify
        }

        var credentials = KubeCredentials.none
        if let userName = context.user {
            guard let user = users.first(where: { $0.name == userName }) else {
                throw configurationError("user \"\(userName)\" of context \"\(contextName)\" not found")
            }
            tls.clientIdentity = try clientIdentity(of: user)
            credentials = try self.credentials(of: user)
        }
        return KubeConnection(
            server: server, tls: tls, credentials: credentials, namespace: context.namespace ?? "default",
            contextName: contextName)
    }

    /// The names of the contexts, in file order.
    public var contextNames: [String] { contexts.map(\.name) }

    private func clientIdentity(of user: KubeConfigUser) throws -> TLSConfiguration.ClientIdentity? {
        let where_ = "user \"\(user.name)\""
        var certificate: PEMSource?
        var key: PEMSource?
        if let data = user.clientCertificateData {
            certificate = .pem(try decodeBase64(data, field: "client-certificate-data", of: where_))
        } else if let file = user.clientCertificate {
            try requireFile(file, field: "client-certificate", of: where_)
            certificate = .file(file)
        }
        if let data = user.clientKeyData {
            key = .pem(try decodeBase64(data, field: "client-key-data", of: where_))
        } else if let file = user.clientKey {
            try requireFile(file, field: "client-key", of: where_)
            key = .file(file)
        }
        switch (certificate, key) {
        case (nil, nil): return nil
        case (let certificate?, let key?): return .init(certificate: certificate, key: key)
        case (_?, nil): throw configurationError("\(where_) has a client certificate but no client key")
        case (nil, _?): throw configurationError("\(where_) has a client key but no client certificate")
        }
    }

    private func credentials(of user: KubeConfigUser) throws -> KubeCredentials {
        let where_ = "user \"\(user.name)\""
        if let provider = user.authProvider {
            throw configurationError(
                "\(where_) uses auth-provider \"\(provider)\", which is not supported; use an exec credential plugin")
        }
        let hasBasic = user.username != nil || user.password != nil
        if hasBasic && (user.token != nil || user.tokenFile != nil) {
            throw configurationError("\(where_) sets both basic authentication and a token")
        }
        if let exec = user.exec {
            guard ExecCredentialPlugin.supportedAPIVersions.contains(exec.apiVersion) else {
                throw configurationError(
                    "\(where_) exec plugin \(exec.command) has apiVersion \"\(exec.apiVersion)\"; supported: "
                        + ExecCredentialPlugin.supportedAPIVersions.joined(separator: ", "))
            }
            if exec.interactiveMode == "Always" {
                throw configurationError(
                    "\(where_) exec plugin \(exec.command) needs interactiveMode Always, but iter8 has no terminal")
            }
            return .exec(exec)
        }
        if let file = user.tokenFile {
            try requireFile(file, field: "tokenFile", of: where_)
            return .tokenFile(path: file)
        }
        if let token = user.token { return .token(token) }
        if hasBasic {
            guard let username = user.username, let password = user.password else {
                throw configurationError("\(where_) needs both username and password for basic authentication")
            }
            return .basic(user: username, password: password)
        }
        return .none
    }

    private func decodeBase64(_ text: String, field: String, of entry: String) throws -> Data {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact), !data.isEmpty else {
            throw configurationError("\(entry) \(field) is not valid base64")
        }
        return data
    }

    private func requireFile(_ path: String, field: String, of entry: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw configurationError("\(entry) \(field) file \(path) does not exist or is not readable")
        }
    }

    private func configurationError(_ message: String) -> KubeError {
        let source = files.isEmpty ? "kubeconfig" : "kubeconfig \(files.joined(separator: ":"))"
        return KubeError(code: .configuration, message: "\(source): \(message)")
    }
}
