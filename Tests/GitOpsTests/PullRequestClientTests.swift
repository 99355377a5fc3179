import Foundation
import GitOps
import HTTPTransport
import TestSupport
import Testing

/// Both forge clients against the loopback stand-in of their documented endpoints, shapes and errors.
@Suite("Pull requests: GitHub and GitLab clients against the loopback forge")
struct PullRequestClientTests {
    static func clients(_ server: ForgeAPIServer, token: String? = nil) -> [(ForgeAPIServer.API, any PullRequestClient)] {
        let transport = CurlTransport()
        let github = PullRequestAPI(
            provider: .github, baseURL: server.githubBaseURL, repository: "acme/rollouts", token: token ?? server.token)
        let gitlab = PullRequestAPI(
            provider: .gitlab, baseURL: server.gitlabBaseURL, repository: "acme/platform/rollouts", token: token ?? server.token)
        return [
            (.github, GitHubPullRequests(api: github, transport: transport)),
            (.gitlab, GitLabMergeRequests(api: gitlab, transport: transport)),
        ]
    }

    static func draft(_ head: String) -> PullRequestDraft {
        PullRequestDraft(head: head, base: "main", title: "iter8: promote reviews-v2", body: "## Decision\n\npromotion")
    }

    @Test func createGetListAndCommentOnBoth() async throws {
        let server = try await ForgeAPIServer.start()
        for (api, client) in Self.clients(server) {
            let created = try await client.create(Self.draft("iter8/bookinfo-reviews-promotion"))
            #expect(created.state == .open)
            #expect(created.head == "iter8/bookinfo-reviews-promotion")
            #expect(created.base == "main")
            #expect(created.title == "iter8: promote reviews-v2")
            #expect(created.webURL.hasSuffix("/\(created.number)"))
            #expect(try await client.get(number: created.number) == created)
            #expect(try await client.list(head: "iter8/bookinfo-reviews-promotion") == [created])
            #expect(try await client.list(head: "iter8/other").isEmpty)
            try await client.comment(number: created.number, body: "merged: applying")
            let comments = try await server.comments()
            #expect(comments.contains { $0.api == api.rawValue && $0.number == created.number && $0.body == "merged: applying" })
        }
        let calls = try await server.calls()
        #expect(calls.contains("POST /api/v3/repos/acme/rollouts/pulls"))
        #expect(calls.contains("GET /api/v3/repos/acme/rollouts/pulls?head=acme%3Aiter8%2Fbookinfo-reviews-promotion&state=all&sort=created&direction=desc&per_page=100"))
        #expect(calls.contains { $0.hasPrefix("POST /api/v3/repos/acme/rollouts/issues/") && $0.hasSuffix("/comments") })
        #expect(calls.contains("POST /api/v4/projects/acme%2Fplatform%2Frollouts/merge_requests"))
        #expect(calls.contains { $0.hasPrefix("GET /api/v4/projects/acme%2Fplatform%2Frollouts/merge_requests?source_branch=iter8%2Fbookinfo-reviews-promotion") })
        #expect(calls.contains { $0.hasSuffix("/notes") })
        let bodies = try await server.bodies()
        #expect(bodies.contains { $0?["head"] as? String == "iter8/bookinfo-reviews-promotion" && $0?["body"] as? String == "## Decision\n\npromotion" })
        #expect(bodies.contains { $0?["source_branch"] as? String == "iter8/bookinfo-reviews-promotion" && $0?["description"] as? String == "## Decision\n\npromotion" })
    }

    @Test func mergedAndClosedAreReadFromTheForgesState() async throws {
        let server = try await ForgeAPIServer.start()
        for (api, client) in Self.clients(server) {
            let merged = try await client.create(Self.draft("iter8/a-\(api.rawValue)"))
            let closed = try await client.create(Self.draft("iter8/b-\(api.rawValue)"))
            try await server.setState(api, number: merged.number, state: "merged")
            try await server.setState(api, number: closed.number, state: "closed")
            #expect(try await client.get(number: merged.number).state == .merged)
            #expect(try await client.get(number: closed.number).state == .closed)
            // GitHub's list has no `merged` field: `merged_at` tells.
            #expect(try await client.list(head: "iter8/a-\(api.rawValue)").map(\.state) == [.merged])
            #expect(try await client.list(head: "iter8/b-\(api.rawValue)").map(\.state) == [.closed])
        }
    }

    @Test func aWrongTokenIsUnauthorized() async throws {
        let server = try await ForgeAPIServer.start()
        for (_, client) in Self.clients(server, token: "wrong") {
            let error = await #expect(throws: PullRequestError.self) { try await client.get(number: 1) }
            #expect(error?.code == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.description.contains("wrong") == false)
        }
        let github = try #require(Self.clients(server, token: "wrong").first?.1)
        let error = await #expect(throws: PullRequestError.self) { try await github.list(head: "x") }
        #expect(error?.message == "Bad credentials")
    }

    @Test func anUnknownRequestIsNotFound() async throws {
        let server = try await ForgeAPIServer.start()
        for (api, client) in Self.clients(server) {
            let error = await #expect(throws: PullRequestError.self) { try await client.get(number: 99) }
            #expect(error?.code == .notFound)
            #expect(error?.status == 404)
            #expect(error?.message == (api == .github ? "Not Found" : "404 Not found"))
            let comment = await #expect(throws: PullRequestError.self) { try await client.comment(number: 99, body: "x") }
            #expect(comment?.code == .notFound)
        }
    }

    @Test func aSecondOpenRequestFromOneBranchIsRefusedWithTheForgesWords() async throws {
        let server = try await ForgeAPIServer.start()
        let clients = Self.clients(server)
        let github = clients[0].1
        let gitlab = clients[1].1
        _ = try await github.create(Self.draft("iter8/dup"))
        let refused = await #expect(throws: PullRequestError.self) { try await github.create(Self.draft("iter8/dup")) }
        #expect(refused?.code == .unprocessable)
        #expect(refused?.status == 422)
        #expect(refused?.message == "Validation Failed: A pull request already exists for acme:iter8/dup.")
        _ = try await gitlab.create(Self.draft("iter8/dup"))
        let conflict = await #expect(throws: PullRequestError.self) { try await gitlab.create(Self.draft("iter8/dup")) }
        #expect(conflict?.code == .conflict)
        #expect(conflict?.status == 409)
        #expect(conflict?.message.hasPrefix("Another open merge request already exists for this source branch") == true)
        let same = PullRequestDraft(head: "main", base: "main", title: "t", body: "b")
        let sameGitHub = await #expect(throws: PullRequestError.self) { try await github.create(same) }
        #expect(sameGitHub?.code == .unprocessable)
        #expect(sameGitHub?.message == "Validation Failed: No commits between main and main")
        let sameGitLab = await #expect(throws: PullRequestError.self) { try await gitlab.create(same) }
        #expect(sameGitLab?.code == .unprocessable)
    }

    @Test func rateLimitsSayWhenToTryAgain() async throws {
        let server = try await ForgeAPIServer.start()
        let clients = Self.clients(server)
        let before = Date()
        try await server.limitNext(2)
        // GitHub's primary limit: 403 with x-ratelimit-remaining 0 and the reset time.
        let primary = await #expect(throws: PullRequestError.self) { try await clients[0].1.list(head: "x") }
        #expect(primary?.code == .rateLimited)
        #expect(primary?.status == 403)
        #expect(primary?.isTransient == true)
        let reset = try #require(primary?.resetAt)
        #expect(reset > before.addingTimeInterval(50) && reset < before.addingTimeInterval(70))
        // GitHub's secondary limit: 429 with retry-after.
        let secondary = await #expect(throws: PullRequestError.self) { try await clients[0].1.list(head: "x") }
        #expect(secondary?.code == .rateLimited)
        #expect(secondary?.status == 429)
        #expect(secondary?.retryAfterSeconds == 30)
        #expect(secondary?.retryTime(after: before) == before.addingTimeInterval(30))
        #expect(try await clients[0].1.list(head: "x").isEmpty)
        // GitLab: 429 with RateLimit-Reset and Retry-After.
        try await server.limitNext(1)
        let gitlab = await #expect(throws: PullRequestError.self) { try await clients[1].1.list(head: "x") }
        #expect(gitlab?.code == .rateLimited)
        #expect(gitlab?.status == 429)
        #expect(gitlab?.retryAfterSeconds == 60)
        #expect(gitlab?.resetAt != nil)
        #expect(gitlab?.description.contains("retry after 60 s") == true)
    }
}

/// The error mapping without a server: statuses, bodies and headers the stand-in does not produce.
@Suite("Pull requests: the clients' error handling")
struct PullRequestErrorTests {
    static func github(_ transport: ScriptedHTTPTransport) -> GitHubPullRequests {
        GitHubPullRequests(
            api: PullRequestAPI(provider: .github, baseURL: URL(string: "https://ghe.example/api/v3/")!, repository: "acme/r", token: "s3cret"),
            transport: transport)
    }

    static func gitlab(_ transport: ScriptedHTTPTransport) -> GitLabMergeRequests {
        GitLabMergeRequests(
            api: PullRequestAPI(provider: .gitlab, baseURL: URL(string: "https://git.example/api/v4")!, repository: "17", token: "s3cret"),
            transport: transport)
    }

    @Test func theTokenIsABearerAndGitHubsHeadersAreSent() async throws {
        let transport = ScriptedHTTPTransport { _, _ in
            ScriptedHTTPTransport.json(200, #"{"number":3,"html_url":"h","state":"open","merged":false,"title":"t","head":{"ref":"b"},"base":{"ref":"main"}}"#)
        }
        let pull = try await Self.github(transport).get(number: 3)
        #expect(pull == PullRequest(number: 3, webURL: "h", state: .open, head: "b", base: "main", title: "t"))
        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "https://ghe.example/api/v3/repos/acme/r/pulls/3")
        #expect(request.headers["Authorization"] == "Bearer s3cret")
        #expect(request.headers["Accept"] == "application/vnd.github+json")
        #expect(request.headers["X-GitHub-Api-Version"] == "2022-11-28")
        #expect(!request.description.contains("s3cret"))
    }

    @Test func aForbiddenWithoutLimitHeadersIsForbiddenNotRateLimited() async throws {
        let transport = ScriptedHTTPTransport { _, _ in
            ScriptedHTTPTransport.json(403, #"{"message":"Resource not accessible by integration","documentation_url":"d"}"#,
                headers: ["x-ratelimit-remaining": "4999"])
        }
        let error = await #expect(throws: PullRequestError.self) { try await Self.github(transport).get(number: 1) }
        #expect(error?.code == .forbidden)
        #expect(error?.isTransient == false)
        #expect(error?.resetAt == nil)
        #expect(error?.message == "Resource not accessible by integration")
    }

    @Test func serverErrorsAndMalformedBodiesAndNoResponse() async throws {
        let statuses = ScriptedHTTPTransport { _, index in
            index == 0 ? HTTPResponse(status: 502, body: Data("Bad Gateway".utf8)) : ScriptedHTTPTransport.json(200, #"{"iid":"x"}"#)
        }
        let server = await #expect(throws: PullRequestError.self) { try await Self.gitlab(statuses).get(number: 1) }
        #expect(server?.code == .server)
        #expect(server?.isTransient == true)
        #expect(server?.message == "Bad Gateway")
        let malformed = await #expect(throws: PullRequestError.self) { try await Self.gitlab(statuses).get(number: 1) }
        #expect(malformed?.code == .malformedResponse)
        let unreachable = ScriptedHTTPTransport { request, _ in throw ScriptedHTTPTransport.failure(.couldNotConnect, request) }
        let transport = await #expect(throws: PullRequestError.self) { try await Self.gitlab(unreachable).list(head: "b") }
        #expect(transport?.code == .transport)
        #expect(transport?.isTransient == true)
        #expect(transport?.request == "GET https://git.example/api/v4/projects/17/merge_requests")
    }

    @Test func gitLabFieldErrorsAndLockedRequests() async throws {
        let transport = ScriptedHTTPTransport { _, index in
            index == 0
                ? ScriptedHTTPTransport.json(400, #"{"message":{"target_branch":["is invalid"],"title":["can't be blank"]}}"#)
                : ScriptedHTTPTransport.json(200, #"[{"iid":4,"web_url":"w","state":"locked","title":"t","source_branch":"b","target_branch":"main"}]"#)
        }
        let client = Self.gitlab(transport)
        let error = await #expect(throws: PullRequestError.self) {
            try await client.create(PullRequestDraft(head: "b", base: "x", title: "", body: ""))
        }
        #expect(error?.code == .unprocessable)
        #expect(error?.message == "target_branch is invalid: title can't be blank")
        #expect(try await client.list(head: "b").map(\.state) == [.open])
    }

    @Test func tokensComeFromFiles() throws {
        let directory = try TemporaryDirectory(prefix: "iter8-token")
        let file = directory.file("token")
        try "  ghp_abc\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try PullRequestAPI.token(fromFile: file.path) == "ghp_abc")
        try "\n".write(to: file, atomically: true, encoding: .utf8)
        let empty = #expect(throws: PullRequestError.self) { try PullRequestAPI.token(fromFile: file.path) }
        #expect(empty?.code == .tokenUnreadable)
        let missing = #expect(throws: PullRequestError.self) { try PullRequestAPI.token(fromFile: directory.file("none").path) }
        #expect(missing?.code == .tokenUnreadable)
    }
}
