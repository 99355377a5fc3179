import Foundation
import HTTPTransport
import Kubernetes
import TestSupport
import Testing

@Suite("Kubeconfig parsing")
struct KubeConfigTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "iter8-kubeconfig")
        try FileManager.default.createDirectory(at: directory.file("certs"), withIntermediateDirectories: true)
        for name in ["certs/ca.crt", "certs/client.crt", "certs/client.key"] {
            try "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".write(to: directory.file(name), atomically: true, encoding: .utf8)
        }
        try "file-token\n".write(to: directory.file("token"), atomically: true, encoding: .utf8)
    }

    static let base64 = Data("PEM".utf8).base64EncodedString()

    var text: String {
        """
        apiVersion: v1
        kind: Config
        preferences: {}
        current-context: data
        clusters:
        - name: data-cluster
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority-data: \(Self.base64)
            tls-server-name: kubernetes.default
            extensions: [{name: x, extension: {}}]
        - name: file-cluster
          cluster:
            server: https://files.example:443/prefix
            certificate-authority: certs/ca.crt
        - name: insecure-cluster
          cluster:
            server: https://insecure.example
            insecure-skip-tls-verify: true
        users:
        - name: data-user
          user:
            client-certificate-data: \(Self.base64)
            client-key-data: \(Self.base64)
        - name: file-user
          user:
            client-certificate: certs/client.crt
            client-key: ./certs/client.key
            token: static-secret-token
        - name: token-file-user
          user:
            tokenFile: token
            token: ignored-secret-token
        - name: basic-user
          user: {username: admin, password: secret-password}
        - name: exec-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: ./bin/credential-plugin
              args: [--cluster, prod]
              env: [{name: PLUGIN_SECRET, value: env-secret}]
              interactiveMode: Never
              provideClusterInfo: false
        contexts:
        - name: data
          context: {cluster: data-cluster, user: data-user, namespace: bookinfo}
        - name: files
          context: {cluster: file-cluster, user: file-user}
        - name: token-file
          context: {cluster: insecure-cluster, user: token-file-user}
        - name: basic
          context: {cluster: insecure-cluster, user: basic-user}
        - name: exec
          context: {cluster: data-cluster, user: exec-user}
        - name: broken
          context: {cluster: no-such-cluster, user: data-user}
        """
    }

    func load() throws -> KubeConfig {
        let path = directory.file("config").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try KubeConfig.load(file: path)
    }

    @Test("the current context uses *-data fields, tls-server-name and its namespace")
    func dataFields() throws {
        let connection = try load().connection()
        #expect(connection.server.absoluteString == "https://127.0.0.1:6443")
        #expect(connection.namespace == "bookinfo")
        #expect(connection.contextName == "data")
        #expect(connection.tls.certificateAuthority == .pem(Data("PEM".utf8)))
        #expect(connection.tls.serverName == "kubernetes.default")
        #expect(connection.tls.clientIdentity == .init(certificate: .pem(Data("PEM".utf8)), key: .pem(Data("PEM".utf8))))
        #expect(connection.credentials == .none)
    }

    @Test("a named context uses file fields resolved against the kubeconfig's folder; namespace defaults")
    func fileFields() throws {
        let connection = try load().connection(context: "files")
        let certs = directory.url.standardizedFileURL.appendingPathComponent("certs").path
        #expect(connection.server.absoluteString == "https://files.example:443/prefix")
        #expect(connection.tls.certificateAuthority == .file(certs + "/ca.crt"))
        #expect(connection.tls.clientIdentity == .init(certificate: .file(certs + "/client.crt"), key: .file(certs + "/client.key")))
        #expect(connection.credentials == .token("static-secret-token"))
        #expect(connection.namespace == "default")
    }

    @Test("insecure-skip-tls-verify, tokenFile over token, basic authentication")
    func insecureAndTokens() throws {
        let config = try load()
        let tokenFile = try config.connection(context: "token-file")
        #expect(tokenFile.tls.verification == .insecureSkipVerify)
        #expect(tokenFile.credentials == .tokenFile(path: directory.url.standardizedFileURL.appendingPathComponent("token").path))
        #expect(try config.connection(context: "basic").credentials == .basic(user: "admin", password: "secret-password"))
    }

    @Test("an exec plugin keeps its command, arguments and environment")
    func execPlugin() throws {
        guard case .exec(let plugin) = try load().connection(context: "exec").credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(plugin.command == "./bin/credential-plugin")
        #expect(plugin.args == ["--cluster", "prod"])
        #expect(plugin.env == [.init(name: "PLUGIN_SECRET", value: "env-secret")])
        #expect(plugin.apiVersion == "client.authentication.k8s.io/v1")
        #expect(URL(fileURLWithPath: plugin.baseDirectory).standardizedFileURL == directory.url.standardizedFileURL)
    }

    @Test("a missing context, a missing cluster and an unset current-context are configuration errors")
    func missingContext() throws {
        let config = try load()
        for (name, fragment) in [("nope", "context \"nope\" not found"), ("broken", "cluster \"no-such-cluster\"")] {
            #expect {
                _ = try config.connection(context: name)
            } throws: { error in
                (error as? KubeError)?.code == .configuration && "\(error)".contains(fragment)
            }
        }
        var noCurrent = config
        noCurrent.currentContext = nil
        #expect(throws: KubeError.self) { try noCurrent.connection() }
    }

    @Test("a missing certificate file is named in the error")
    func missingFile() throws {
        try FileManager.default.removeItem(at: directory.file("certs/ca.crt"))
        #expect {
            _ = try load().connection(context: "files")
        } throws: { error in
            "\(error)".contains("certificate-authority file") && "\(error)".contains("certs/ca.crt")
        }
    }

    @Test("YAML errors name the file")
    func badYAML() throws {
        let path = directory.file("bad").path
        try "clusters: [\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try KubeConfig.load(file: path)
        } throws: { error in
            (error as? KubeError)?.code == .configuration && "\(error)".contains(path)
        }
    }

    @Test("no secret appears in descriptions or dumps")
    func noSecrets() throws {
        let config = try load()
        var texts = ["\(config)", String(reflecting: config)]
        for name in config.contextNames where name != "broken" {
            let connection = try config.connection(context: name)
            texts += ["\(connection)", String(reflecting: connection), "\(connection.credentials)"]
            var dumped = ""
            dump(connection, to: &dumped)
            texts.append(dumped)
        }
        for user in config.users {
            var dumped = ""
            dump(user, to: &dumped)
            texts += ["\(user)", dumped]
        }
        for text in texts {
            for secret in ["static-secret-token", "ignored-secret-token", "secret-password", "env-secret", Self.base64] {
                #expect(!text.contains(secret), "\(text)")
            }
        }
    }

    @Test("KUBECONFIG lists files; the first definition and current-context win")
    func kubeconfigEnvironment() throws {
        let first = directory.file("first").path
        let second = directory.file("second").path
        try """
            current-context: one
            clusters: [{name: c, cluster: {server: "https://first.example"}}]
            contexts: [{name: one, context: {cluster: c}}]
            """.write(toFile: first, atomically: true, encoding: .utf8)
        try """
            current-context: two
            clusters: [{name: c, cluster: {server: "https://second.example"}}, {name: d, cluster: {server: "https://d.example"}}]
            contexts: [{name: two, context: {cluster: d, namespace: other}}]
            """.write(toFile: second, atomically: true, encoding: .utf8)
        let config = try KubeConfig.load(environment: ["KUBECONFIG": "\(first):\(directory.path)/absent:\(second)"])
        #expect(config.files == [first, second])
        #expect(try config.connection().server.absoluteString == "https://first.example")
        let two = try config.connection(context: "two")
        #expect(two.server.absoluteString == "https://d.example" && two.namespace == "other")
        #expect(throws: KubeError.self) { try KubeConfig.load(environment: ["KUBECONFIG": "\(directory.path)/absent"]) }
    }

    @Test("unsupported exec apiVersion and auth-provider are refused")
    func unsupportedAuth() throws {
        let config = try KubeConfig.parse(
            """
            clusters: [{name: c, cluster: {server: "https://x.example"}}]
            users:
            - {name: old, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}}}
            - {name: gcp, user: {auth-provider: {name: gcp, config: {}}}}
            contexts: [{name: old, context: {cluster: c, user: old}}, {name: gcp, context: {cluster: c, user: gcp}}]
            """, baseDirectory: directory.path)
        #expect { try config.connection(context: "old") } throws: { "\($0)".contains("v1alpha1") }
        #expect { try config.connection(context: "gcp") } throws: { "\($0)".contains("auth-provider") }
    }
}
