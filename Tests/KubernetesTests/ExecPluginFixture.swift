import Foundation
import Synchronization
import Kubernetes
import TestSupport

/// A shell-script exec credential plugin in a temporary folder: it counts its runs in a file and prints an
/// ExecCredential with token `<prefix>-<run>`, or fails with a message on standard error.
struct ExecPluginFixture {
    let directory: TemporaryDirectory
    let counter: URL

    /// `expiry` is the RFC 3339 expirationTimestamp to print, or nil for none; `fail` makes the script exit 3.
    init(tokenPrefix: String = "exec-token", expiry: String? = nil, fail: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "iter8-exec")
        counter = directory.file("runs")
        try FileManager.default.createDirectory(at: directory.file("bin"), withIntermediateDirectories: true)
        let status = expiry.map { #"{"token":"\#(tokenPrefix)-%s","expirationTimestamp":"\#($0)"}"# } ?? #"{"token":"\#(tokenPrefix)-%s"}"#
        let script = """
            #!/bin/sh
            n=$(cat "$RUN_COUNTER" 2>/dev/null || echo 0)
            n=$((n+1))
            echo $n > "$RUN_COUNTER"
            \(fail ? "echo \"cannot reach the identity provider: login expired for $1\" >&2; exit 3" : "")
            [ -n "$KUBERNETES_EXEC_INFO" ] || { echo "KUBERNETES_EXEC_INFO missing" >&2; exit 4; }
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":\(status)}' "$n"
            """
        let path = directory.file("bin/plugin").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// How often the plugin ran.
    var runs: Int { (try? String(contentsOf: counter, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0 }

    /// The plugin as a kubeconfig in this folder declares it (a relative command).
    var plugin: ExecCredentialPlugin {
        ExecCredentialPlugin(
            command: "./bin/plugin", args: ["alice"], env: [.init(name: "RUN_COUNTER", value: counter.path)],
            baseDirectory: directory.path)
    }

    /// A kubeconfig using the plugin for `server`, trusting `caFile`.
    func kubeconfig(server: String, caFile: String) throws -> String {
        let text = """
            apiVersion: v1
            kind: Config
            current-context: exec
            clusters: [{name: c, cluster: {server: "\(server)", certificate-authority: "\(caFile)"}}]
            users:
            - name: exec-user
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/plugin
                  args: [alice]
                  env: [{name: RUN_COUNTER, value: "\(counter.path)"}]
                  interactiveMode: Never
            contexts: [{name: exec, context: {cluster: c, user: exec-user, namespace: default}}]
            """
        let path = directory.file("kubeconfig").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A clock tests move by hand.
final class ManualTime: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    var clock: @Sendable () -> Date { { self.now } }
}
