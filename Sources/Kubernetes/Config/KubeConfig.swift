import Foundation
import Redaction
import YAML

/// A parsed kubeconfig: clusters, users and contexts by name, and the current context.
///
/// Fields this client does not use (`preferences`, `extensions`, `proxy-url`, …) are ignored. Relative file
/// paths are resolved against the folder of the file that defined the entry. The `description` names the
/// entries and which credentials they carry, never a secret.
public struct KubeConfig: Sendable, Hashable, CustomStringConvertible {
    /// The clusters, in file order.
    public var clusters: [KubeConfigCluster]
    /// The users (`users[].user`, called AuthInfo by client-go), in file order.
    public var users: [KubeConfigUser]
    /// The contexts, in file order.
    public var contexts: [KubeConfigContext]
    /// `current-context`, if set.
    public var currentContext: String?
    /// The files this configuration was read from, in `KUBECONFIG` order.
    public var files: [String]

    /// Creates a configuration from its parts.
    public init(
        clusters: [KubeConfigCluster] = [], users: [KubeConfigUser] = [], contexts: [KubeConfigContext] = [],
        currentContext: String? = nil, files: [String] = []
    ) {
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
        self.files = files
    }

    /// Parses kubeconfig YAML; relative paths in it are resolved against `baseDirectory`.
    ///
    /// - Throws: ``KubeError`` `.configuration` naming `file` and the YAML problem.
    public static func parse(_ text: String, baseDirectory: String, file: String? = nil) throws -> KubeConfig {
        let raw: KubeConfigFile
        do {
            raw = try YAMLDecoder(unknownFields: .ignore).decode(KubeConfigFile.self, from: text, file: file)
        } catch {
            throw KubeError(code: .configuration, message: "cannot read kubeconfig \(file ?? "text"): \(error)")
        }
        return raw.config(baseDirectory: baseDirectory, file: file)
    }

    /// Reads the kubeconfig at `path`.
    public static func load(file path: String) throws -> KubeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeError(code: .configuration, message: "cannot read kubeconfig \(path): \(error.localizedDescription)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, baseDirectory: directory, file: path)
    }

    /// Reads the kubeconfig files named by `KUBECONFIG` (colon-separated), or `$HOME/.kube/config` when it is
    /// unset or empty.
    ///
    /// Several files are merged as kubectl merges them: the first file that defines a cluster, user or context
    /// name wins, and the first `current-context` set wins. Listed files that do not exist are skipped, but at
    /// least one must exist.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KubeConfig {
        let listed = (environment["KUBECONFIG"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let paths = listed.isEmpty ? [(environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"] : listed
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard !existing.isEmpty else {
            throw KubeError(
                code: .configuration,
                message: "no kubeconfig found: \(paths.joined(separator: ", ")) "
                    + (listed.isEmpty ? "(KUBECONFIG is not set)" : "(from KUBECONFIG)"))
        }
        return try existing.map { try load(file: $0) }.reduce(KubeConfig()) { $0.merging($1) }
    }

    /// This configuration with `other`'s entries added where their names are new (first definition wins).
    public func merging(_ other: KubeConfig) -> KubeConfig {
        func merge<T>(_ mine: [T], _ theirs: [T], _ name: (T) -> String) -> [T] {
            let known = Set(mine.map(name))
            return mine + theirs.filter { !known.contains(name($0)) }
        }
        return KubeConfig(
            clusters: merge(clusters, other.clusters, \.name), users: merge(users, other.users, \.name),
            contexts: merge(contexts, other.contexts, \.name), currentContext: currentContext ?? other.currentContext,
            files: files + other.files)
    }

    public var description: String {
        "kubeconfig \(files.isEmpty ? "(text)" : files.joined(separator: ":")): current-context "
            + "\(currentContext ?? "<none>"); contexts \(contexts.map(\.description)); clusters "
            + "\(clusters.map(\.description)); users \(users.map(\.description))"
    }
}

/// One `clusters[]` entry.
public struct KubeConfigCluster: Sendable, Hashable, CustomStringConvertible {
    /// The entry's name.
    public var name: String
    /// `server`, e.g. `https://10.0.0.1:6443`.
    public var server: String?
    /// `certificate-authority`: a PEM file, already resolved to an absolute path.
    public var certificateAuthority: String?
    /// `certificate-authority-data`: base64 of PEM, as written in the file.
    public var certificateAuthorityData: String?
    /// `insecure-skip-tls-verify`.
    public var insecureSkipTLSVerify: Bool
    /// `tls-server-name`: the name to verify the server certificate against instead of the URL's host.
    public var tlsServerName: String?

    /// Creates an entry.
    public init(
        name: String, server: String?, certificateAuthority: String? = nil, certificateAuthorityData: String? = nil,
        insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil
    ) {
        self.name = name
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.certificateAuthorityData = certificateAuthorityData
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
    }

    public var description: String { "\(name) (\(server.map { Redacted.url($0) } ?? "no server"))" }
}

/// One `contexts[]` entry: a cluster, a user and a default namespace.
public struct KubeConfigContext: Sendable, Hashable, CustomStringConvertible {
    /// The entry's name.
    public var name: String
    /// The cluster entry's name.
    public var cluster: String
    /// The user entry's name, if any.
    public var user: String?
    /// The default namespace, if set.
    public var namespace: String?

    /// Creates an entry.
    public init(name: String, cluster: String, user: String? = nil, namespace: String? = nil) {
        self.name = name
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
    }

    public var description: String {
        "\(name) (cluster \(cluster), user \(user ?? "<none>"), namespace \(namespace ?? "default"))"
    }
}
