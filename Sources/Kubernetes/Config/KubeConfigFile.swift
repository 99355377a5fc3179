import Foundation

/// The kubeconfig file as written, for decoding; ``KubeConfig`` is what the rest of the module uses.
struct KubeConfigFile: Decodable {
    struct NamedCluster: Decodable {
        var name: String
        var cluster: Cluster?
    }
    struct Cluster: Decodable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?
        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }
    struct NamedUser: Decodable {
        var name: String
        var user: User?
    }
    struct User: Decodable {
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var token: String?
        var tokenFile: String?
        var username: String?
        var password: String?
        var exec: Exec?
        var authProvider: AuthProvider?
        enum CodingKeys: String, CodingKey {
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case token, tokenFile, username, password, exec
            case authProvider = "auth-provider"
        }
    }
    struct Exec: Decodable {
        var apiVersion: String?
        var command: String
        var args: [String]?
        var env: [ExecCredentialPlugin.EnvVar]?
        var interactiveMode: String?
        var installHint: String?
    }
    struct AuthProvider: Decodable {
        var name: String
    }
    struct NamedContext: Decodable {
        var name: String
        var context: Context?
    }
    struct Context: Decodable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    var clusters: [NamedCluster]?
    var users: [NamedUser]?
    var contexts: [NamedContext]?
    var currentContext: String?

    enum CodingKeys: String, CodingKey {
        case clusters, users, contexts
        case currentContext = "current-context"
    }

    /// The configuration, with relative paths resolved against `baseDirectory`.
    func config(baseDirectory: String, file: String?) -> KubeConfig {
        func resolve(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return nil }
            if path.hasPrefix("/") { return path }
            if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
            return URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardizedFileURL.path
        }
        func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        let clusters = (self.clusters ?? []).map { entry in
            let cluster = entry.cluster
            return KubeConfigCluster(
                name: entry.name, server: nonEmpty(cluster?.server),
                certificateAuthority: resolve(cluster?.certificateAuthority),
                certificateAuthorityData: nonEmpty(cluster?.certificateAuthorityData),
                insecureSkipTLSVerify: cluster?.insecureSkipTLSVerify ?? false,
                tlsServerName: nonEmpty(cluster?.tlsServerName))
        }
        let users = (self.users ?? []).map { entry in
            var user = KubeConfigUser(name: entry.name)
            guard let raw = entry.user else { return user }
            user.clientCertificate = resolve(raw.clientCertificate)
            user.clientCertificateData = nonEmpty(raw.clientCertificateData)
            user.clientKey = resolve(raw.clientKey)
            user.clientKeyData = nonEmpty(raw.clientKeyData)
            user.token = nonEmpty(raw.token)
            user.tokenFile = resolve(raw.tokenFile)
            user.username = nonEmpty(raw.username)
            user.password = nonEmpty(raw.password)
            user.authProvider = raw.authProvider?.name
            if let exec = raw.exec {
                user.exec = ExecCredentialPlugin(
                    apiVersion: exec.apiVersion ?? "", command: exec.command, args: exec.args ?? [], env: exec.env ?? [],
                    interactiveMode: exec.interactiveMode, installHint: exec.installHint, baseDirectory: baseDirectory)
            }
            return user
        }
        let contexts = (self.contexts ?? []).map { entry in
            KubeConfigContext(
                name: entry.name, cluster: entry.context?.cluster ?? "", user: nonEmpty(entry.context?.user),
                namespace: nonEmpty(entry.context?.namespace))
        }
        return KubeConfig(
            clusters: clusters, users: users, contexts: contexts, currentContext: nonEmpty(currentContext),
            files: file.map { [$0] } ?? [])
    }
}
