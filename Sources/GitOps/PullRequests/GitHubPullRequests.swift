import Foundation
import HTTPTransport

/// Pull requests through GitHub's REST API v3 (github.com, or GitHub Enterprise Server at `https://host/api/v3`).
///
/// Endpoints: `POST /repos/{owner}/{repo}/pulls`, `GET /repos/{owner}/{repo}/pulls/{number}`,
/// `GET /repos/{owner}/{repo}/pulls?head={owner}:{branch}&state=all`, `POST /repos/{owner}/{repo}/issues/{number}/comments`.
/// A request is merged when `merged` is true or `merged_at` is set (the list omits `merged`), whatever the merge
/// method (merge, squash, rebase).
public struct GitHubPullRequests: PullRequestClient {
    let http: ForgeHTTP

    /// Creates a client for `api` (whose provider is GitHub) over `transport`.
    public init(api: PullRequestAPI, transport: any HTTPTransport) {
        http = ForgeHTTP(
            api: api, transport: transport,
            extraHeaders: [("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")])
    }

    var repositoryPath: String {
        "/repos/" + http.api.repository.split(separator: "/").map { PullRequestAPI.encode(String($0)) }.joined(separator: "/")
    }

    public func create(_ draft: PullRequestDraft) async throws(PullRequestError) -> PullRequest {
        let url = http.api.url(repositoryPath + "/pulls")
        let data = try await http.send(
            .post, url, json: ["title": draft.title, "head": draft.head, "base": draft.base, "body": draft.body])
        return try http.decode(Pull.self, data, call: "POST \(url)").pullRequest
    }

    public func get(number: Int) async throws(PullRequestError) -> PullRequest {
        let url = http.api.url(repositoryPath + "/pulls/\(number)")
        return try http.decode(Pull.self, try await http.send(.get, url), call: "GET \(url)").pullRequest
    }

    public func list(head: String) async throws(PullRequestError) -> [PullRequest] {
        let owner = http.api.repository.split(separator: "/").first.map(String.init) ?? ""
        let url = http.api.url(
            repositoryPath + "/pulls",
            query: [("head", "\(owner):\(head)"), ("state", "all"), ("sort", "created"), ("direction", "desc"), ("per_page", "100")])
        return try http.decode([Pull].self, try await http.send(.get, url), call: "GET \(url)").map(\.pullRequest)
    }

    public func comment(number: Int, body: String) async throws(PullRequestError) {
        let url = http.api.url(repositoryPath + "/issues/\(number)/comments")
        _ = try await http.send(.post, url, json: ["body": body])
    }

    /// The fields of GitHub's pull request object the service reads.
    struct Pull: Decodable {
        struct Ref: Decodable { var ref: String }
        var number: Int
        var htmlUrl: String
        var state: String
        var merged: Bool?
        var mergedAt: String?
        var title: String
        var head: Ref
        var base: Ref

        var pullRequest: PullRequest {
            let isMerged = merged == true || mergedAt != nil
            let state: PullRequest.State = isMerged ? .merged : self.state == "open" ? .open : .closed
            return PullRequest(number: number, webURL: htmlUrl, state: state, head: head.ref, base: base.ref, title: title)
        }
    }
}
