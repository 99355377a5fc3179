import Experiments
import Foundation
import HTTPTransport
import Kubernetes

/// Runs one spec notification task (``Experiments/NotificationTask``) as a channel of the outbox: reads its Secret
/// in the experiment's namespace, builds the request and sends it; a 2xx answer (and, from Slack, `"ok": true`)
/// acknowledges it. See `docs/notifications.md`.
public struct SpecTaskChannel: NotificationChannel {
    /// The Secret type.
    public static let secretType = ResourceType(group: "", version: "v1", resource: "secrets", kind: "Secret")

    /// `spec:<action>:<index>`.
    public var name: String { task.channelName }
    let task: NotificationTask
    /// The experiment's namespace: the only one its Secret is read from.
    let namespace: String
    let settings: SpecTaskSettings

    /// Sends the notification as the task says.
    ///
    /// - Throws: ``NotificationError``: `invalidSettings` for what no retry can fix (a namespace not allowed, plain
    ///   http without `--allow-insecure-http`), `rejected` or `unreachable` otherwise (a Secret or key missing too:
    ///   it may be created before the next try).
    public func send(_ message: Notification) async throws {
        guard settings.allowedNamespaces.map({ $0.contains(namespace) }) ?? true else {
            throw NotificationError(.invalidSettings, "\(name): namespace \(namespace) is not one the service may touch")
        }
        let secret = try await secretData()
        let request = try self.request(message, secret: secret)
        if request.url.scheme?.lowercased() == "http", !settings.allowsInsecureHTTP {
            throw NotificationError(
                .invalidSettings, "\(name): \(request) is plain http (the service sends it only with --allow-insecure-http)")
        }
        let response = try await NotificationPost.send(request, channel: name, over: settings.transport)
        if case .slack = task.kind {
            // Slack's Web API answers 200 with "ok": false when it refuses (a bad token, an unknown channel).
            let answer = try? JSONValue.parse(response.body)  // not JSON: treated as a refusal below
            guard answer?["ok"]?.boolValue == true else {
                let why = answer?["error"]?.stringValue ?? String(response.text.prefix(200))
                throw NotificationError(.rejected, "\(name): Slack refused the message: \(why)")
            }
        }
    }

    /// The request for `message`, with the Secret's values.
    func request(_ message: Notification, secret: [String: String]) throws -> HTTPRequest {
        let timeouts = NotificationPost.timeouts(settings.timeoutSeconds)
        switch task.kind {
        case .slack(let channel):
            guard let token = secret["token"], !token.isEmpty else { throw missingKey("token") }
            let url = settings.slackAPIBaseURL.appendingPathComponent("chat.postMessage")
            return HTTPRequest(
                method: .post, url: url,
                headers: ["Content-Type": "application/json; charset=utf-8", "Authorization": "Bearer " + token],
                body: try SlackWebhook.body(message, channel: channel), timeouts: timeouts, maximumResponseBytes: 64 << 10)
        case .http(let spec):
            var headers: HTTPHeaders = [:]
            if spec.method == .post { headers["Content-Type"] = "application/json" }
            for header in spec.headers {
                guard let value = SecretPlaceholder.filled(header.value, with: secret) else {
                    throw missingKey(header.secretKeys.first { secret[$0] == nil } ?? "")
                }
                headers[header.name] = value
            }
            switch spec.authentication {
            case .basic:
                guard let user = secret["username"], let password = secret["password"] else {
                    throw missingKey(secret["username"] == nil ? "username" : "password")
                }
                headers["Authorization"] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
            case .bearer:
                guard let token = secret["token"], !token.isEmpty else { throw missingKey("token") }
                headers["Authorization"] = "Bearer " + token
            case .apiKey, nil:
                break
            }
            let body: Data? =
                switch spec.method {
                case .get: nil
                case .post: try spec.body.map { Data($0.utf8) } ?? SpecTaskBody.json(message)
                }
            return HTTPRequest(
                method: spec.method == .get ? .get : .post, url: spec.url, headers: headers, body: body, timeouts: timeouts,
                maximumResponseBytes: 64 << 10)
        }
    }

    /// The task's Secret's data, decoded (empty when the task names none).
    func secretData() async throws -> [String: String] {
        guard let secret = task.secret else { return [:] }
        let object: JSONValue
        do {
            object = try await settings.client.get(Self.secretType, namespace: namespace, name: secret)
        } catch {
            throw NotificationError(.unreachable, "\(name): cannot read Secret \(namespace)/\(secret): \(error)")
        }
        var values: [String: String] = [:]
        for (key, value) in object["data"]?.objectValue ?? [:] {
            guard let text = value.stringValue, let data = Data(base64Encoded: text) else { continue }
            values[key] = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return values
    }

    func missingKey(_ key: String) -> NotificationError {
        NotificationError(.rejected, "\(name): Secret \(namespace)/\(task.secret ?? "") has no key \(key)")
    }
}

/// The body a `notification/http` task sends when its spec gives none: iter8's summary and the transition.
enum SpecTaskBody {
    static func json(_ message: Notification) throws -> Data {
        let parts = message.experiment.split(separator: "/", maxSplits: 1).map(String.init)
        let body = Body(
            id: message.id, kind: message.kind.rawValue, iteration: message.iteration, time: message.time,
            text: message.text, commit: message.commit, reportURL: message.reportURL ?? message.reportPath,
            experiment: .init(name: parts.last ?? message.experiment, namespace: parts.count == 2 ? parts[0] : "default"),
            summary: message.summary ?? NotificationSummary(
                winner: nil, versionRecommendedForPromotion: nil, lastRecommendedWeights: nil))
        return try NotificationPost.json(body)
    }

    struct Body: Encodable {
        var id: String
        var kind: String
        var iteration: Int
        var time: Date
        var text: String
        var commit: String?
        var reportURL: String?
        var experiment: Experiment
        var summary: NotificationSummary

        struct Experiment: Encodable {
            var name: String
            var namespace: String
        }
    }
}
