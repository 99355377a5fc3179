import Foundation

extension SandboxAPIServer {
    /// A kubeconfig (YAML) for this server: one cluster with `certificate-authority-data`, one user with
    /// `client-certificate-data`/`client-key-data` (the admin by default) or a `token`, and a current context
    /// `iter8-sandbox` in `namespace`.
    public func kubeconfig(namespace: String = "default", client: PEMIdentity? = nil, token: String? = nil) -> String {
        let identity = client ?? adminClient
        let credentials =
            if let token {
                "    token: \(token)\n"
            } else {
                "    client-certificate-data: \(Self.base64(identity.certificatePEM))\n"
                    + "    client-key-data: \(Self.base64(identity.keyPEM))\n"
            }
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: iter8-sandbox
              cluster:
                server: \(url.absoluteString)
                certificate-authority-data: \(Self.base64(caPEM))
            users:
            - name: iter8-sandbox-user
              user:

            """ + credentials + """
            contexts:
            - name: iter8-sandbox
              context:
                cluster: iter8-sandbox
                user: iter8-sandbox-user
                namespace: \(namespace)
            current-context: iter8-sandbox
            preferences: {}

            """
    }

    /// Writes ``kubeconfig(namespace:client:token:)`` to `file`, readable by the owner only.
    ///
    /// - Throws: ``SandboxError`` (`kubeconfig`) naming the file.
    public func writeKubeconfig(
        to file: URL, namespace: String = "default", client: PEMIdentity? = nil, token: String? = nil
    ) throws {
        let text = kubeconfig(namespace: namespace, client: client, token: token)
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard
                FileManager.default.createFile(
                    atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw SandboxError(.kubeconfig, "cannot write the kubeconfig \(file.path)", cause: error)
        }
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
