import Experiments
import Foundation
import HTTPTransport
import PromQL

/// PromQL JSON responses: whatever a Prometheus (or anything listening at its URL) answers to `/api/v1/query`,
/// read through the real client and metrics source for every built-in metric model (counter, gauge, ratio,
/// histogram mean, quantile and fraction), so the bucket reader, NaN/Inf handling and error texts are all on the
/// path. The input is one byte choosing the metric, one per body choosing its HTTP status, then up to four
/// bodies separated by NUL bytes, answered in turn.
///
/// The client is async: a task on the pool runs each input and is released just after it signals the harness, so
/// libFuzzer sees more mallocs than frees after almost every input and runs a full leak check each time (15–30×
/// slower). Leaks are therefore checked per input only in the synchronous targets:
// libFuzzer: -detect_leaks=0 -dict=Benchmarks/fuzz/dict/json.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func promQLResponse(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let metric = input.choose(BuiltinMetrics.all)
    let statuses = (0..<4).map { _ in input.choose(PromFuzz.statuses) }
    let bodies = input.parts(limit: 4).map { Data($0) }
    let client = PrometheusClient(baseURL: URL(string: "http://prometheus.fuzz:9090")!, transport: PromFuzz.Transport(bodies: bodies, statuses: statuses))
    let version = VersionSpec(name: "reviews-v2", variables: [.init(name: "namespace", value: "bookinfo")])
    runBlocking {
        do {
            let measurement = try await PrometheusMetricsSource(client: client).measure(
                metric, version: version, elapsedSeconds: 120, at: Date(timeIntervalSince1970: 1_800_000_000))
            _ = String(describing: measurement)
        } catch {
            _ = String(describing: error)
        }
    }
    return 0
}

enum PromFuzz {
    static let statuses = [200, 200, 200, 200, 400, 422, 503, 500, 301, 204]

    /// Answers the n-th query with body n (cycling), with that body's status.
    final class Transport: HTTPTransport {
        let bodies: [Data]
        let statuses: [Int]
        let counter = Counter()

        init(bodies: [Data], statuses: [Int]) {
            self.bodies = bodies
            self.statuses = statuses
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let index = counter.next() % bodies.count
            return HTTPResponse(status: statuses[index % statuses.count], headers: ["Content-Type": "application/json"], body: bodies[index])
        }
    }
}
