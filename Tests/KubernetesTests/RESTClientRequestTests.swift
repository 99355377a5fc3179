import Foundation
import HTTPTransport
import Kubernetes
import Synchronization
import TestSupport
import Testing

/// Waits recorded instead of slept.
final class SleepLog: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void { { duration in self.waits.withLock { $0.append(duration) } } }
}

func scriptedClient(
    credentials: KubeCredentials = .token("secret-token"), now: @escaping @Sendable () -> Date = { Date() },
    environment: [String: String] = ProcessInfo.processInfo.environment, sleeps: SleepLog = SleepLog(),
    _ handler: @escaping @Sendable (HTTPRequest, Int) throws -> HTTPResponse
) -> (RESTKubernetesClient, ScriptedHTTPTransport) {
    let transport = ScriptedHTTPTransport(handler)
    let connection = KubeConnection(server: URL(string: "https://k8s.example:6443/base")!, credentials: credentials, namespace: "shop")
    let options = RESTKubernetesClient.Options(sleep: sleeps.sleep, now: now, environment: environment)
    return (RESTKubernetesClient(connection: connection, options: options, transport: transport), transport)
}

@Suite("REST client requests")
struct RESTClientRequestTests {
    @Test("paths keep the server prefix, default to the connection's namespace and carry the token")
    func paths() async throws {
        let (client, transport) = scriptedClient { request, _ in
            ScriptedHTTPTransport.json(200, #"{"kind":"Deployment","metadata":{"name":"web"}}"#)
        }
        _ = try await client.get(.deployment, namespace: nil, name: "web")
        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "https://k8s.example:6443/base/apis/apps/v1/namespaces/shop/deployments/web")
        #expect(request.headers["Authorization"] == "Bearer secret-token")
        #expect(request.headers["Accept"] == "application/json")
    }

    @Test("list encodes the label selector, spans namespaces when given none and fills kind and apiVersion")
    func list() async throws {
        let (client, transport) = scriptedClient { _, _ in
            ScriptedHTTPTransport.json(200, #"{"kind":"ServiceList","items":[{"metadata":{"name":"a"}}]}"#)
        }
        let items = try await client.list(.service, namespace: nil, labelSelector: "app=reviews,version in (v1,v2)")
        #expect(items == [["apiVersion": "v1", "kind": "Service", "metadata": ["name": "a"]]])
        let url = try #require(transport.requests.first?.url.absoluteString)
        #expect(url == "https://k8s.example:6443/base/api/v1/services?labelSelector=app%3Dreviews%2Cversion%20in%20%28v1%2Cv2%29")
    }

    @Test("patches are sent with their content type; JSON patches as an operation array")
    func patchContentTypes() async throws {
        let (client, transport) = scriptedClient { _, _ in ScriptedHTTPTransport.json(200, "{}") }
        _ = try await client.patch(.deployment, namespace: "a", name: "b", patch: .merge(["spec": ["replicas": 2]]))
        _ = try await client.patch(.deployment, namespace: "a", name: "b", patch: .json([.replace("/spec/replicas", 3)]))
        let requests = transport.requests
        #expect(requests.map(\.method) == [.patch, .patch])
        #expect(requests[0].headers["Content-Type"] == "application/merge-patch+json")
        #expect(requests[1].headers["Content-Type"] == "application/json-patch+json")
        #expect(try JSONValue.parse(requests[1].body ?? Data()) == [["op": "replace", "path": "/spec/replicas", "value": 3]])
    }

    @Test("discovery puts the preferred version first; an unserved group has no versions")
    func discovery() async throws {
        let (client, _) = scriptedClient { request, _ in
            if request.url.path.hasSuffix("networking.istio.io") {
                return ScriptedHTTPTransport.json(
                    200,
                    #"{"kind":"APIGroup","name":"networking.istio.io","versions":[{"groupVersion":"networking.istio.io/v1alpha3","version":"v1alpha3"},{"groupVersion":"networking.istio.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"networking.istio.io/v1","version":"v1"}}"#)
            }
            if request.url.path.hasSuffix("/api") { return ScriptedHTTPTransport.json(200, #"{"kind":"APIVersions","versions":["v1"]}"#) }
            return ScriptedHTTPTransport.json(404, #"{"kind":"Status","status":"Failure","reason":"NotFound","code":404}"#)
        }
        #expect(try await client.servedVersions(ofGroup: "networking.istio.io") == ["v1", "v1alpha3"])
        #expect(try await client.servedVersions(ofGroup: "") == ["v1"])
        #expect(try await client.servedVersions(ofGroup: "nope.example.com") == [])
    }

    @Test("a Status answer becomes a KubeError with the request line but no host or token")
    func statusError() async throws {
        let (client, _) = scriptedClient { _, _ in
            ScriptedHTTPTransport.json(
                409,
                #"{"kind":"Status","status":"Failure","reason":"Conflict","code":409,"message":"Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified"}"#)
        }
        let error = await #expect(throws: KubeError.self) {
            try await client.update(.deployment, namespace: "shop", object: ["metadata": ["name": "web", "resourceVersion": "1"]])
        }
        #expect(error?.code == .conflict && error?.reason == "Conflict")
        #expect(error?.request == "PUT /apis/apps/v1/namespaces/shop/deployments/web")
        #expect(error.map { !"\($0)".contains("k8s.example") && !"\($0)".contains("secret-token") } == true)
    }

    @Test("update without a name fails before any request")
    func updateWithoutName() async throws {
        let (client, transport) = scriptedClient { _, _ in ScriptedHTTPTransport.json(200, "{}") }
        await #expect(throws: KubeError.self) { try await client.update(.service, namespace: "a", object: ["metadata": [:]]) }
        #expect(transport.requests.isEmpty)
    }
}

@Suite("REST client retries")
struct RESTClientRetryTests {
    @Test("reads retry 5xx and 429 with doubling backoff, honouring Retry-After")
    func readRetries() async throws {
        let sleeps = SleepLog()
        let (client, transport) = scriptedClient(sleeps: sleeps) { _, index in
            switch index {
            case 0: ScriptedHTTPTransport.json(503, "{}")
            case 1: ScriptedHTTPTransport.json(429, "{}", headers: ["Retry-After": "1"])
            default: ScriptedHTTPTransport.json(200, #"{"metadata":{"name":"web"}}"#)
            }
        }
        _ = try await client.get(.deployment, namespace: "a", name: "web")
        #expect(transport.requests.count == 3)
        #expect(sleeps.recorded == [.milliseconds(200), .seconds(1)])
    }

    @Test("reads give up after three attempts with .unavailable")
    func boundedRetries() async throws {
        let sleeps = SleepLog()
        let (client, transport) = scriptedClient(sleeps: sleeps) { request, _ in
            throw ScriptedHTTPTransport.failure(.connectionLost, request)
        }
        let error = await #expect(throws: KubeError.self) { try await client.list(.service, namespace: "a", labelSelector: nil) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(transport.requests.count == 3)
        #expect(sleeps.recorded == [.milliseconds(200), .milliseconds(400)])
    }

    @Test("writes are not retried after a 5xx or a broken connection", arguments: [true, false])
    func writesNotRetried(brokenConnection: Bool) async throws {
        let (client, transport) = scriptedClient { request, _ in
            if brokenConnection { throw ScriptedHTTPTransport.failure(.connectionLost, request) }
            return ScriptedHTTPTransport.json(500, #"{"kind":"Status","message":"etcd timeout","reason":"InternalError","code":500}"#)
        }
        let error = await #expect(throws: KubeError.self) {
            try await client.create(.service, namespace: "a", object: ["metadata": ["name": "x"]])
        }
        #expect(error?.code == .unavailable)
        #expect(transport.requests.count == 1)
    }

    @Test("writes are retried when the connection was refused (the request was never sent)")
    func writesRetriedWhenNeverSent() async throws {
        let (client, transport) = scriptedClient { request, index in
            if index == 0 { throw ScriptedHTTPTransport.failure(.couldNotConnect, request) }
            return ScriptedHTTPTransport.json(201, #"{"metadata":{"name":"x"}}"#)
        }
        _ = try await client.create(.service, namespace: "a", object: ["metadata": ["name": "x"]])
        #expect(transport.requests.count == 2)
    }

    @Test("TLS failures are not retried")
    func tlsNotRetried() async throws {
        let (client, transport) = scriptedClient { request, _ in throw ScriptedHTTPTransport.failure(.tlsFailure, request) }
        await #expect(throws: KubeError.self) { try await client.get(.service, namespace: "a", name: "x") }
        #expect(transport.requests.count == 1)
    }

    @Test("a 401 with a fixed token is .unauthorized at once")
    func unauthorizedStaticToken() async throws {
        let (client, transport) = scriptedClient { _, _ in
            ScriptedHTTPTransport.json(401, #"{"kind":"Status","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#)
        }
        let error = await #expect(throws: KubeError.self) { try await client.get(.service, namespace: "a", name: "x") }
        #expect(error?.code == .unauthorized)
        #expect(transport.requests.count == 1)
    }
}
