import Foundation

/// Prometheus' instant-query endpoint over a ``SimulatedMesh``: `GET` or form-encoded `POST`
/// `/api/v1/query` with `query` and an optional `time` (Unix seconds, fractions allowed, or RFC 3339; default
/// the mesh's ``SimulatedMesh/now``). Answers 200 with Prometheus' JSON, 400 `bad_data` for a missing or
/// malformed parameter or an unsupported construct, 422 `execution` for an evaluation failure.
enum MeshQueryAPI {
    /// The status and JSON body answering `parameters` (URL query and form body merged, the body winning).
    static func answer(mesh: SimulatedMesh, parameters: QueryParameters) async -> (status: Int, body: Data) {
        let time: Date
        if let text = parameters["time"], !text.isEmpty {
            guard let parsed = timestamp(text) else {
                return failure(MeshQueryError(.badData, "invalid parameter \"time\": cannot parse \"\(text)\" to a valid timestamp"))
            }
            time = parsed
        } else {
            time = await mesh.now
        }
        do {
            let value = try await mesh.query(parameters["query"] ?? "", at: time)
            return (200, PrometheusJSON.success(value, time: time.timeIntervalSince1970))
        } catch {
            guard error.code == .badData else { return failure(error) }
            return failure(MeshQueryError(.badData, "invalid parameter \"query\": \(error.message)"))
        }
    }

    private static func failure(_ error: MeshQueryError) -> (status: Int, body: Data) {
        (error.httpStatus, PrometheusJSON.error(error))
    }

    /// Unix seconds (`1700000000`, `1700000000.123`) or RFC 3339 (`2023-11-14T22:13:20.123Z`).
    static func timestamp(_ text: String) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
