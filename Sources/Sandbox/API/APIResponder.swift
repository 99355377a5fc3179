import Foundation
import Hummingbird
import Kubernetes
import NIOCore
import YAML

/// Answers every request of the Sandbox API server: health, discovery, and the REST verbs on objects,
/// with Kubernetes `Status` bodies for failures.
struct APIResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let store: SandboxStore
    let authenticator: Authenticator
    let log: SandboxRequestLog
    let serverAddress: @Sendable () -> String

    /// The largest request body accepted (kube-apiserver's limit is 3 MiB).
    static let maxBodySize = 3 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let user = await authenticator.user(channel: context.channel, authorization: request.headers[.authorization])
        if user != nil, let watch = await watchResponse(request) {
            log.record(
                SandboxRequestLog.Entry(
                    method: request.method.rawValue, uri: request.uri.string, status: watch.status.code, user: user,
                    contentType: nil, duration: ContinuousClock.now - started))
            return watch
        }
        let (status, body, contentType) = await answer(request, user: user)
        log.record(
            SandboxRequestLog.Entry(
                method: request.method.rawValue, uri: request.uri.string, status: status, user: user,
                contentType: request.headers[.contentType], duration: ContinuousClock.now - started))
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func answer(_ request: Request, user: String?) async -> (Int, Data, String) {
        let route = APIRoute(path: request.uri.path)
        if route == .health { return (200, Data("ok".utf8), "text/plain; charset=utf-8") }
        guard user != nil else { return failure(.unauthorized) }
        do {
            let (status, body) = try await dispatch(route, request)
            return (status, try body.encoded(), "application/json")
        } catch let status as APIStatus {
            return failure(status)
        } catch {
            return failure(APIStatus(code: 500, reason: "InternalError", message: "Internal error occurred: \(error)"))
        }
    }

    func failure(_ status: APIStatus) -> (Int, Data, String) {
        (status.code, (try? status.json.encoded()) ?? Data(), "application/json")
    }

    private func dispatch(_ route: APIRoute?, _ request: Request) async throws -> (Int, JSONValue) {
        switch route {
        case .version: return (200, DiscoveryDocuments.version)
        case .coreVersions: return (200, DiscoveryDocuments.coreVersions(serverAddress: serverAddress()))
        case .groupList: return (200, DiscoveryDocuments.groupList)
        case .group(let name): return (200, try found(DiscoveryDocuments.group(name)))
        case .resourceList(let group, let version):
            return (200, try found(DiscoveryDocuments.resourceList(group: group, version: version)))
        case .resource(let path): return try await resource(path, request)
        case .openAPIRoot: return (200, OpenAPIDocuments.root)
        case .openAPIGroupVersion(let segments): return (200, try found(OpenAPIDocuments.groupVersion(segments)))
        case .health, nil: throw APIStatus.pathNotFound
        }
    }

    private func found(_ document: JSONValue?) throws -> JSONValue {
        guard let document else { throw APIStatus.pathNotFound }
        return document
    }

    private func resource(_ path: APIRoute.ResourcePath, _ request: Request) async throws -> (Int, JSONValue) {
        guard let served = ServedResource.find(group: path.group, resource: path.resource),
            served.versions.contains(path.version), served.namespaced || path.namespace == nil
        else { throw APIStatus.pathNotFound }
        let type = served.type(path.version)
        let query = QueryParameters(request.uri.query)
        let dryRun = query["dryRun"] == "All"
        if let subresource = path.subresource, let name = path.name {
            switch (subresource, served.resource, request.method) {
            case ("status", _, .get):
                return (200, try await store.get(type, namespace: path.namespace, name: name))
            case ("scale", "deployments", _):
                return try await scale(request, namespace: path.namespace ?? "", name: name)
            default:
                throw APIStatus.pathNotFound
            }
        }
        switch (request.method, path.name) {
        case (.get, let name?):
            let object = try await store.get(type, namespace: path.namespace, name: name)
            guard let table = eventTable([object], served: served, request: request, resourceVersion: nil) else {
                return (200, object)
            }
            return (200, table)
        case (.get, nil):
            let selector = try query["labelSelector"].map { try Self.selector($0) }
            let fields = try query["fieldSelector"].map { try FieldSelector($0) }
            let list = try await store.list(type, namespace: path.namespace, selector: selector, fields: fields)
            let resourceVersion = String(list.resourceVersion)
            guard let table = eventTable(list.items, served: served, request: request, resourceVersion: resourceVersion) else {
                return (200, Self.listBody(list, served: served, version: path.version))
            }
            return (200, table)
        case (.post, nil):
            let object = try await objectBody(request)
            return (201, try await store.create(type, namespace: path.namespace, object: object, dryRun: dryRun))
        case (.put, let name?):
            let object = try await objectBody(request)
            return (
                200, try await store.update(type, namespace: path.namespace, name: name, object: object, dryRun: dryRun)
            )
        case (.patch, let name?):
            return try await patch(request, type: type, namespace: path.namespace, name: name, dryRun: dryRun)
        case (.delete, let name?):
            let deleted = try await store.delete(type, namespace: path.namespace, name: name, dryRun: dryRun)
            return (200, Self.deletedStatus(deleted, served: served, name: name))
        case (.delete, nil):
            throw APIStatus.methodNotSupported(served, action: "deletecollection")
        default:
            throw APIStatus.methodNotSupported(nil, action: request.method.rawValue)
        }
    }

    /// Core `v1` Events as the Table kubectl asks for, or nil for anything else (answered as plain objects).
    private func eventTable(_ objects: [JSONValue], served: ServedResource, request: Request, resourceVersion: String?)
        -> JSONValue?
    {
        guard served.group.isEmpty, served.resource == "events", EventTable.wanted(accept: request.headers[.accept]) else {
            return nil
        }
        let includeObject = QueryParameters(request.uri.query)["includeObject"] == "Object"
        return EventTable.table(objects, resourceVersion: resourceVersion, now: store.now(), includeObject: includeObject)
    }

    func jsonPatchOperations(_ request: Request) async throws -> [JSONPatchOperation] {
        let data = try await bodyData(request)
        do {
            return try JSONDecoder().decode([JSONPatchOperation].self, from: data)
        } catch {
            throw APIStatus.badRequest("the JSON patch is not an array of operations with \"op\" and \"path\"")
        }
    }

    private func patch(_ request: Request, type: ResourceType, namespace: String?, name: String, dryRun: Bool)
        async throws -> (Int, JSONValue)
    {
        let patch: SandboxPatch
        switch Self.mediaType(request) {
        case "application/merge-patch+json":
            patch = .merge(try await jsonBody(request))
        case "application/strategic-merge-patch+json":
            patch = .strategicMerge(try await jsonBody(request))
        case "application/json-patch+json":
            patch = .json(try await jsonPatchOperations(request))
        case "application/apply-patch+yaml":
            return try await serverSideApply(request, type: type, namespace: namespace, name: name, dryRun: dryRun)
        default:
            throw APIStatus.unsupportedPatchType
        }
        return (200, try await store.patch(type, namespace: namespace, name: name, patch: patch, dryRun: dryRun))
    }

    /// Server-side apply, approximated: create the object when absent, otherwise merge it in as a strategic
    /// merge patch. Field ownership (managedFields, conflicts between managers) is not modelled.
    private func serverSideApply(_ request: Request, type: ResourceType, namespace: String?, name: String, dryRun: Bool)
        async throws -> (Int, JSONValue)
    {
        let data = try await bodyData(request)
        let object: JSONValue
        if let json = try? JSONValue.parse(data) {
            object = json
        } else {
            do {
                object = try YAMLDecoder().decode(JSONValue.self, from: String(decoding: data, as: UTF8.self))
            } catch {
                throw APIStatus.badRequest("error decoding YAML: \(error)")
            }
        }
        do {
            _ = try await store.get(type, namespace: namespace, name: name)
        } catch let status as APIStatus where status.code == 404 {
            return (201, try await store.create(type, namespace: namespace, object: object, dryRun: dryRun))
        }
        let patch = SandboxPatch.strategicMerge(object)
        return (200, try await store.patch(type, namespace: namespace, name: name, patch: patch, dryRun: dryRun))
    }

    func bodyData(_ request: Request) async throws -> Data {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: Self.maxBodySize) else {
            throw APIStatus(
                code: 413, reason: "RequestEntityTooLarge",
                message: "Request entity too large: limit is \(Self.maxBodySize)")
        }
        return Data(buffer.readableBytesView)
    }

    /// The body of a create or update: JSON, or a protobuf Namespace, ConfigMap or Secret (`kubectl create
    /// namespace|configmap|secret`). Other protobuf bodies (e.g. `kubectl create deployment`) are 415.
    func objectBody(_ request: Request) async throws -> JSONValue {
        let contentType = Self.mediaType(request) ?? "application/json"
        if contentType == KubernetesProtobuf.mediaType,
            let object = KubernetesProtobuf.object(from: try await bodyData(request))
        {
            return object
        }
        guard contentType == "application/json" || contentType.hasSuffix("+json") else {
            throw APIStatus(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json", hasDetails: false)
        }
        return try await jsonBody(request)
    }

    /// The request's media type, lower-cased, without parameters.
    static func mediaType(_ request: Request) -> String? {
        (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    func jsonBody(_ request: Request) async throws -> JSONValue {
        let data = try await bodyData(request)
        do {
            return try JSONValue.parse(data)
        } catch {
            throw APIStatus.badRequest("the request body is not valid JSON")
        }
    }

    /// Parses a `labelSelector` parameter; a malformed one is 400 BadRequest.
    static func selector(_ text: String) throws -> LabelSelector {
        do {
            return try LabelSelector(text)
        } catch let error as KubeError {
            throw APIStatus.badRequest(error.message)
        }
    }

    static func listBody(_ list: SandboxList, served: ServedResource, version: String) -> JSONValue {
        [
            "apiVersion": .string(served.apiVersion(version)), "kind": .string(served.kind + "List"),
            "metadata": ["resourceVersion": .string(String(list.resourceVersion))], "items": .array(list.items),
        ]
    }

    static func deletedStatus(_ deleted: JSONValue, served: ServedResource, name: String) -> JSONValue {
        var details: [String: JSONValue] = ["name": .string(name), "kind": .string(served.resource)]
        if !served.group.isEmpty { details["group"] = .string(served.group) }
        if let uid = deleted["metadata"]?["uid"] { details["uid"] = uid }
        return ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": .object(details)]
    }
}
