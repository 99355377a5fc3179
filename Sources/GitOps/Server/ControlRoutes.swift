import Foundation
import Hummingbird
import Logging

/// The control server's request handlers, separate from starting and stopping it.
struct ControlRoutes: Sendable {
    let health: ServiceHealth
    let metrics: ServiceMetrics
    let trigger: PollTrigger
    let verifier: WebhookVerifier?
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in await healthz() }
        router.get("readyz") { _, _ in await readyz() }
        router.get("metrics") { _, _ in
            EditedResponse(status: .ok, headers: [.contentType: ServiceMetrics.contentType], response: metrics.exposition())
        }
        if let verifier {
            router.post("webhook") { request, _ in await webhook(request, verifier: verifier) }
        }
    }

    func healthz() async -> EditedResponse<String> {
        switch await health.liveness {
        case .alive: text(.ok, "ok")
        case .stuck(let why): text(.serviceUnavailable, why)
        }
    }

    func readyz() async -> EditedResponse<String> {
        if let standby = await health.standby {
            return text(.ok, "ready, standing by (\(standby.leader.map { "\($0) leads" } ?? "no leader known yet"))")
        }
        return await health.isReady ? text(.ok, "ready") : text(.serviceUnavailable, "waiting for the first successful poll")
    }

    func webhook(_ request: Request, verifier: WebhookVerifier) async -> EditedResponse<String> {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let limit = verifier.configuration.maxBodyBytes
        let decision: WebhookDecision
        if let declared = headers["content-length"].flatMap(Int.init), declared > limit {
            decision = WebhookDecision(.tooLarge, status: 413, "body exceeds \(limit) bytes")
        } else {
            switch await collect(request.body, limit: limit) {
            case .bytes(let body): decision = verifier.evaluate(headers: headers, body: body)
            case .tooLarge: decision = WebhookDecision(.tooLarge, status: 413, "body exceeds \(limit) bytes")
            case .unreadable: decision = WebhookDecision(.malformed, status: 400, "the body could not be read")
            }
        }
        metrics.recordWebhook(decision.result)
        var metadata: Logger.Metadata = [
            "result": "\(decision.result.rawValue)", "status": "\(decision.status)",
            "provider": "\(decision.provider?.rawValue ?? "unknown")",
        ]
        if let delivery = headers["x-github-delivery"] ?? headers["x-gitlab-event-uuid"] {
            metadata["delivery"] = "\(WebhookVerifier.printable(delivery))"
        }
        if let reason = decision.triggerReason {
            trigger.fire(reason: reason)
            logger.info("webhook woke the reconcile loop", metadata: metadata)
        } else if decision.result == .unauthorized {
            logger.warning("webhook refused: \(decision.message)", metadata: metadata)
        } else {
            logger.debug("webhook: \(decision.message)", metadata: metadata)
        }
        return text(HTTPResponse.Status(code: decision.status), decision.message)
    }

    private enum Collected {
        case bytes([UInt8])
        case tooLarge
        case unreadable
    }

    /// The body's bytes, stopping as soon as they exceed `limit`.
    private func collect(_ body: RequestBody, limit: Int) async -> Collected {
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                guard bytes.count + buffer.readableBytes <= limit else { return .tooLarge }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return .unreadable
        }
        return .bytes(bytes)
    }

    private func text(_ status: HTTPResponse.Status, _ message: String) -> EditedResponse<String> {
        EditedResponse(status: status, response: message + "\n")
    }
}
