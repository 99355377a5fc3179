import Foundation
import Hummingbird
import Logging
import NIOCore

/// The control server's request handlers, separate from starting and stopping it.
struct ControlRoutes: Sendable {
    let health: ServiceHealth
    let metrics: ServiceMetrics
    let verifier: WebhookVerifier?
    let limits: ControlServerLimits
    let deliveries: WebhookDeduplicator
    let bodySlots: BodySlots
    let waker: WakeLimiter
    let logger: Logger

    /// How long a refused request's connection is kept so the client reads the answer before it is closed
    /// (closing at once, with its body still arriving, would reset the connection and lose the answer).
    static let linger: Duration = .seconds(2)

    func register(on router: Router<ControlRequestContext>) {
        router.get("healthz") { _, _ in await healthz() }
        router.get("readyz") { _, _ in await readyz() }
        router.get("metrics") { _, _ in
            EditedResponse(status: .ok, headers: [.contentType: ServiceMetrics.contentType], response: metrics.exposition())
        }
        if let verifier {
            router.post("webhook") { request, context in await webhook(request, channel: context.channel, verifier: verifier) }
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

    /// Headers first: a request they already refuse is answered without reading its body, and its connection is
    /// closed shortly after. Then the body, bounded in size and time; then the signature, de-duplication and the
    /// rate-limited wake-up.
    func webhook(_ request: Request, channel: any Channel, verifier: WebhookVerifier) async -> EditedResponse<String> {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var decision: WebhookDecision
        var closing = false
        if let refusal = verifier.precheck(headers: headers) {
            decision = refusal
            closing = true
        } else if !bodySlots.acquire() {
            decision = WebhookDecision(.busy, status: 503, "too many webhook bodies in flight; retry later")
            closing = true
        } else {
            defer { bodySlots.release() }
            let declared = headers["content-length"].flatMap(Int.init)
            switch await collect(request.body, limit: verifier.configuration.maxBodyBytes, declared: declared, channel: channel) {
            case .bytes(let body):
                decision = verifier.evaluate(headers: headers, body: body)
                if decision.triggerReason != nil {
                    decision = deduplicated(decision, headers: headers, body: body)
                }
            case .tooLarge:
                decision = WebhookDecision(.tooLarge, status: 413, "body exceeds \(verifier.configuration.maxBodyBytes) bytes")
                closing = true
            case .timedOut:
                decision = WebhookDecision(.timedOut, status: 408, "the body did not arrive within \(limits.bodyReadTimeout)")
            case .unreadable:
                decision = WebhookDecision(.malformed, status: 400, "the body could not be read")
                closing = true
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
            switch waker.wake(reason: reason) {
            case .woken:
                logger.info("webhook woke the reconcile loop", metadata: metadata)
            case .coalesced:
                metrics.recordCoalescedWakeUp()
                logger.info("webhook wake-up merged into the next one (rate limit)", metadata: metadata)
            }
        } else if decision.result == .unauthorized {
            logger.warning("webhook refused: \(decision.message)", metadata: metadata)
        } else {
            logger.debug("webhook: \(decision.message)", metadata: metadata)
        }
        guard closing else { return text(HTTPResponse.Status(code: decision.status), decision.message) }
        // The client may still be sending a body nobody will read: answer, and close the connection after a
        // short linger instead of draining whatever it sends.
        Task {
            try? await Task.sleep(for: Self.linger)
            channel.close(promise: nil)
        }
        return EditedResponse(
            status: HTTPResponse.Status(code: decision.status), headers: [.connection: "close"], response: decision.message + "\n")
    }

    /// `decision` (an authenticated push that would wake the loop), or a ``WebhookResult/duplicate`` when this
    /// delivery was seen before.
    private func deduplicated(_ decision: WebhookDecision, headers: [String: String], body: [UInt8]) -> WebhookDecision {
        let provider = decision.provider?.rawValue ?? "unknown"
        let deliveryID = headers["x-github-delivery"] ?? headers["x-gitlab-event-uuid"]
        let keys = WebhookDeduplicator.keys(provider: provider, deliveryID: deliveryID, body: body)
        guard !deliveries.isFirstDelivery(keys) else { return decision }
        return WebhookDecision(
            .duplicate, status: 202, "duplicate delivery ignored: this push was already received", provider: decision.provider)
    }

    private enum Collected {
        case bytes([UInt8])
        case tooLarge
        case timedOut
        case unreadable
    }

    /// The body's bytes, stopping as soon as they exceed `limit`; the connection is closed when the body is not
    /// complete within the read timeout.
    private func collect(_ body: RequestBody, limit: Int, declared: Int?, channel: any Channel) async -> Collected {
        let expired = ExpiryFlag()
        let timer = Task { [timeout = limits.bodyReadTimeout] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            expired.set()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(limit, max(0, declared ?? 64 << 10)))  // no doubling past what was announced
        do {
            for try await buffer in body {
                guard bytes.count + buffer.readableBytes <= limit else { return .tooLarge }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return expired.isSet ? .timedOut : .unreadable
        }
        return expired.isSet ? .timedOut : .bytes(bytes)
    }

    private func text(_ status: HTTPResponse.Status, _ message: String) -> EditedResponse<String> {
        EditedResponse(status: status, response: message + "\n")
    }
}
