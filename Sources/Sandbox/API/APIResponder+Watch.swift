import Foundation
import Hummingbird
import Kubernetes
import NIOCore

extension APIResponder {
    /// A streaming response for `GET <collection>?watch=true`: one JSON event per line until the client
    /// goes away, `timeoutSeconds` passes, or the server stops. Nil when the request is not a watch.
    func watchResponse(_ request: Request) async -> Response? {
        let query = QueryParameters(request.uri.query)
        guard request.method == .get, query.flag("watch"), case .resource(let path)? = APIRoute(path: request.uri.path),
            path.name == nil, path.subresource == nil
        else { return nil }
        do {
            guard let served = ServedResource.find(group: path.group, resource: path.resource),
                served.versions.contains(path.version), served.namespaced || path.namespace == nil
            else { throw APIStatus.pathNotFound }
            let events = try await store.watch(
                served.type(path.version), namespace: path.namespace,
                labels: try query["labelSelector"].map { try Self.selector($0) },
                fields: try query["fieldSelector"].map { try FieldSelector($0) },
                resourceVersion: query["resourceVersion"].flatMap { Int64($0) })
            let timeout = query["timeoutSeconds"].flatMap { Int64($0) }.map { Duration.seconds($0) }
            let (lines, sink) = AsyncStream<SandboxWatchEvent>.makeStream()
            let forward = Task {
                for await event in events { sink.yield(event) }
                sink.finish()
            }
            let timer = timeout.map { timeout in
                Task {
                    try? await Task.sleep(for: timeout)
                    sink.finish()
                }
            }
            sink.onTermination = { _ in
                forward.cancel()
                timer?.cancel()
            }
            let body = ResponseBody { writer in
                for await event in lines {
                    var line = try event.json.encoded()
                    line.append(UInt8(ascii: "\n"))
                    try await writer.write(ByteBuffer(bytes: line))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
        } catch {
            let status = error as? APIStatus ?? APIStatus(code: 500, reason: "InternalError", message: "\(error)")
            let (code, data, contentType) = failure(status)
            return Response(
                status: HTTPResponse.Status(code: code), headers: [.contentType: contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
