import ArgumentParser
import Experiments
import Foundation
import GitOps
import HTTPTransport

extension RunSettings {
    /// Reads the pull request settings (docs/pull-requests.md): with `--pull-request-provider`, the repository and
    /// the token file are required; the API root defaults to the public one.
    mutating func readPullRequests(
        provider: String?, apiURL: String?, repository: String?, tokenFile: String?, policy: String?, branchPrefix: String?
    ) throws {
        guard let provider else {
            if apiURL != nil || repository != nil || tokenFile != nil || policy != nil || branchPrefix != nil {
                throw ValidationError("the --pull-request-* options and --pull-requests need --pull-request-provider github or gitlab")
            }
            return
        }
        guard let kind = PullRequestProvider(rawValue: provider) else {
            throw ValidationError("--pull-request-provider must be github or gitlab, not \(provider)")
        }
        guard let repository, !repository.isEmpty else {
            throw ValidationError("--pull-request-repository is required: owner/name on GitHub, the project's path or id on GitLab")
        }
        guard let tokenFile else { throw ValidationError("--pull-request-token-file is required") }
        let token: String
        do { token = try PullRequestAPI.token(fromFile: tokenFile) } catch { throw ValidationError("\(error)") }
        var base: URL?
        if let apiURL {
            guard let url = URL(string: apiURL), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ValidationError("--pull-request-api-url must be an http(s) URL, not \(apiURL)")
            }
            if url.scheme == "http" && !allowInsecureHTTP {
                throw ValidationError("--pull-request-api-url is plain http: the token would go in clear (--allow-insecure-http allows it)")
            }
            base = url
        }
        var defaultPolicy = ReviewPolicy.promotions
        if let policy {
            guard let parsed = ReviewPolicy(rawValue: policy) else {
                throw ValidationError("--pull-requests must be never, promotions, rollbacks or always, not \(policy)")
            }
            defaultPolicy = parsed
        }
        let api = PullRequestAPI(provider: kind, baseURL: base, repository: repository, token: token)
        let transport = CurlTransport()
        let client: any PullRequestClient = switch kind {
        case .github: GitHubPullRequests(api: api, transport: transport)
        case .gitlab: GitLabMergeRequests(api: api, transport: transport)
        }
        reconciler.pullRequests = PullRequestSettings(
            client: client, defaultPolicy: defaultPolicy, branchPrefix: branchPrefix ?? "iter8/",
            repositoryWebURL: repositoryWebURL)
    }
}
