import Foundation
import HTTPTransport

/// Merge requests through GitLab's REST API v4 (gitlab.com, or a self-hosted GitLab at `https://host/api/v4`).
///
/// Endpoints: `POST /projects/{id}/merge_requests`, `GET /projects/{id}/merge_requests/{iid}`,
/// `GET /projects/{id}/merge_requests?source_branch={branch}`, `POST /projects/{id}/merge_requests/{iid}/notes`;
/// `{id}` is the project's numeric id or its URL-encoded path. `state` `merged` is a merge of any method
/// (merge commit, squash, fast-forward); `locked` (a merge in progress) still reads as open.
public struct GitLabMergeRequests: PullRequestClient {
    let http: ForgeHTTP

    /// Creates a client for `api` (whose provider is GitLab) over `transport`.
    public init(api: PullRequestAPI, transport: any HTTPTransport) {
        http = ForgeHTTP(api: api, transport: transport, extraHeaders: [])
    }

    var projectPath: String { "/projects/" + PullRequestAPI.encode(http.api.repository) }

    public func create(_ draft: PullRequestDraft) async throws(PullRequestError) -> PullRequest {
        let url = http.api.url(projectPath + "/merge_requests")
        let data = try await http.send(
            .post, url,
            json: ["title": draft.title, "source_branch": draft.head, "target_branch": draft.base, "description": draft.body])
        return try http.decode(MergeRequest.self, data, call: "POST \(url)").pullRequest
    }

    public func get(number: Int) async throws(PullRequestError) -> PullRequest {
        let url = http.api.url(projectPath + "/merge_requests/\(number)")
        return try http.decode(MergeRequest.self, try await http.send(.get, url), call: "GET \(url)").pullRequest
    }

    public func list(head: String) async throws(PullRequestError) -> [PullRequest] {
        let url = http.api.url(
            projectPath + "/merge_requests",
            query: [("source_branch", head), ("order_by", "created_at"), ("sort", "desc"), ("per_page", "100")])
        return try http.decode([MergeRequest].self, try await http.send(.get, url), call: "GET \(url)").map(\.pullRequest)
    }

    public func comment(number: Int, body: String) async throws(PullRequestError) {
        let url = http.api.url(projectPath + "/merge_requests/\(number)/notes")
        _ = try await http.send(.post, url, json: ["body": body])
    }

    /// The fields of GitLab's merge request object the service reads.
    struct MergeRequest: Decodable {
        var iid: Int
        var webUrl: String
        var state: String
        var title: String
        var sourceBranch: String
        var targetBranch: String

        var pullRequest: PullRequest {
            let state: PullRequest.State = switch self.state {
            case "merged": .merged
            case "closed": .closed
            default: .open
            }
            return PullRequest(
                number: iid, webURL: webUrl, state: state, head: sourceBranch, base: targetBranch, title: title)
        }
    }
}
