import Foundation
import HTTPTransport
import Kubernetes
import TestSupport
import Testing

@Suite("Exec credential plugins")
struct ExecCredentialTests {
    static let ok = #"{"kind":"Deployment","metadata":{"name":"web"}}"#

    @Test("the plugin's token is sent and cached while it has no expiry")
    func tokenCached() async throws {
        let fixture = try ExecPluginFixture()
        let (client, transport) = scriptedClient(credentials: .exec(fixture.plugin)) { _, _ in ScriptedHTTPTransport.json(200, Self.ok) }
        _ = try await client.get(.deployment, namespace: "a", name: "web")
        _ = try await client.get(.deployment, namespace: "a", name: "web")
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer exec-token-1", "Bearer exec-token-1"])
        #expect(fixture.runs == 1)
    }

    @Test("an expired credential makes the plugin run again")
    func expiry() async throws {
        let fixture = try ExecPluginFixture(expiry: "2030-01-01T00:00:00Z")
        let time = ManualTime(ISO8601DateFormatter().date(from: "2029-12-31T23:59:00Z")!)
        let (client, transport) = scriptedClient(credentials: .exec(fixture.plugin), now: time.clock) { _, _ in
            ScriptedHTTPTransport.json(200, Self.ok)
        }
        _ = try await client.get(.deployment, namespace: "a", name: "web")
        time.advance(by: 30)
        _ = try await client.get(.deployment, namespace: "a", name: "web")
        time.advance(by: 60)
        _ = try await client.get(.deployment, namespace: "a", name: "web")
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer exec-token-1", "Bearer exec-token-1", "Bearer exec-token-2"])
        #expect(fixture.runs == 2)
    }

    @Test("a 401 makes the plugin run again, once; writes too")
    func rerunOn401() async throws {
        let fixture = try ExecPluginFixture()
        let (client, transport) = scriptedClient(credentials: .exec(fixture.plugin)) { request, _ in
            request.headers["Authorization"] == "Bearer exec-token-1"
                ? ScriptedHTTPTransport.json(401, #"{"kind":"Status","reason":"Unauthorized","code":401,"message":"Unauthorized"}"#)
                : ScriptedHTTPTransport.json(201, Self.ok)
        }
        _ = try await client.create(.deployment, namespace: "a", object: ["metadata": ["name": "web"]])
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer exec-token-1", "Bearer exec-token-2"])

        let (rejecting, rejected) = scriptedClient(credentials: .exec(fixture.plugin)) { _, _ in
            ScriptedHTTPTransport.json(401, #"{"kind":"Status","reason":"Unauthorized","code":401,"message":"Unauthorized"}"#)
        }
        let error = await #expect(throws: KubeError.self) { try await rejecting.get(.deployment, namespace: "a", name: "web") }
        #expect(error?.code == .unauthorized)
        #expect(rejected.requests.count == 2)
    }

    @Test("a failing plugin gives an error naming the command and its standard error")
    func failure() async throws {
        let fixture = try ExecPluginFixture(fail: true)
        let (client, transport) = scriptedClient(credentials: .exec(fixture.plugin)) { _, _ in ScriptedHTTPTransport.json(200, Self.ok) }
        let error = await #expect(throws: KubeError.self) { try await client.get(.deployment, namespace: "a", name: "web") }
        #expect(error?.code == .configuration)
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("./bin/plugin alice"), "\(text)")
        #expect(text.contains("exited with status 3"), "\(text)")
        #expect(text.contains("cannot reach the identity provider: login expired for alice"), "\(text)")
        #expect(transport.requests.isEmpty)
    }

    @Test("a missing command names the command and the install hint")
    func missingCommand() async throws {
        var plugin = ExecCredentialPlugin(command: "iter8-no-such-plugin", installHint: "Install it with apt-get install iter8-auth.")
        plugin.baseDirectory = "/"
        let (client, _) = scriptedClient(credentials: .exec(plugin), environment: ["PATH": "/usr/bin:/bin"]) { _, _ in
            ScriptedHTTPTransport.json(200, Self.ok)
        }
        let error = await #expect(throws: KubeError.self) { try await client.get(.deployment, namespace: "a", name: "web") }
        #expect(error.map { "\($0)".contains("iter8-no-such-plugin not found") && "\($0)".contains("apt-get install iter8-auth") } == true)
    }

    @Test("output that is not an ExecCredential is refused without quoting it (it may hold a token)")
    func badOutput() async throws {
        let directory = try TemporaryDirectory(prefix: "iter8-exec")
        let path = directory.file("plugin").path
        try "#!/bin/sh\necho 'token: super-secret-value'\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        let (client, _) = scriptedClient(credentials: .exec(ExecCredentialPlugin(command: path))) { _, _ in
            ScriptedHTTPTransport.json(200, Self.ok)
        }
        let error = await #expect(throws: KubeError.self) { try await client.get(.deployment, namespace: "a", name: "web") }
        #expect(error.map { "\($0)".contains("not ExecCredential JSON") && !"\($0)".contains("super-secret-value") } == true)
    }
}

@Suite("Exec credential plugin limits")
struct ExecCredentialLimitTests {
    /// A client whose credentials come from a plugin running `script`, with a 300 ms timeout.
    private func client(script: String, in directory: TemporaryDirectory) throws -> (RESTKubernetesClient, ScriptedHTTPTransport, String) {
        let path = directory.file("plugin").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        let transport = ScriptedHTTPTransport { _, _ in ScriptedHTTPTransport.json(200, "{}") }
        let client = RESTKubernetesClient(
            connection: KubeConnection(server: URL(string: "https://k8s.example")!, credentials: .exec(ExecCredentialPlugin(command: path))),
            options: .init(execTimeout: .milliseconds(300)), transport: transport)
        return (client, transport, path)
    }

    @Test("a plugin that hangs is stopped after the timeout and named in the error")
    func timeout() async throws {
        let directory = try TemporaryDirectory(prefix: "iter8-exec")
        let (client, transport, path) = try client(script: "#!/bin/sh\nexec sleep 30\n", in: directory)
        let started = ContinuousClock.now
        let error = await #expect(throws: KubeError.self) { try await client.get(.service, namespace: "a", name: "b") }
        #expect(error.map { "\($0)".contains("timed out") && "\($0)".contains(path) } == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(60))  // stopped, not hung (generous on a shared 2-core machine)
        #expect(transport.requests.isEmpty)
    }

    /// A plugin that ignores SIGTERM and leaves a child of its own holding its standard output: SIGKILL to its whole
    /// process group follows, so reading the output to its end does not wait for that child (300 s here).
    @Test("a plugin that ignores SIGTERM, and what it started, are killed after the timeout")
    func timeoutKillsTheGroup() async throws {
        let directory = try TemporaryDirectory(prefix: "iter8-exec")
        let (client, _, _) = try client(script: "#!/bin/sh\ntrap '' TERM\nsleep 300 &\nwait\n", in: directory)
        let started = ContinuousClock.now
        let error = await #expect(throws: KubeError.self) { try await client.get(.service, namespace: "a", name: "b") }
        #expect(error.map { "\($0)".contains("timed out") } == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(120))  // 0.3 s + 2 s grace; 300 s if the sleep were waited for
    }
}
