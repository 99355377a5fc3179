/// The Python 3 program behind ``ForgeAPIServer``, written to a temporary directory at start-up.
///
/// Usage: `python3 forge_server.py PORT_FILE TOKEN`. It binds `127.0.0.1:0`, writes the port to PORT_FILE and
/// serves, in memory, GitHub REST v3 pull requests under `/api/v3` and GitLab REST v4 merge requests under
/// `/api/v4`, with the documented response shapes and errors:
/// - `POST /api/v3/repos/O/R/pulls` (201; 422 `Validation Failed` when a field is missing, head equals base, or a
///   request from that head is open), `GET …/pulls/N` (with `merged`, `merged_at`; 404), `GET …/pulls?head=O:B&state=all`
///   (newest first, no `merged` field), `POST /api/v3/repos/O/R/issues/N/comments` (201);
/// - `POST /api/v4/projects/ID/merge_requests` (201; 400 `{"error": "… is missing"}`; 409 when one is open from the
///   source branch), `GET …/merge_requests/IID`, `GET …/merge_requests?source_branch=B`, `POST …/merge_requests/IID/notes`;
/// - a missing or wrong `Authorization: Bearer TOKEN` is 401 (GitHub `Bad credentials`, GitLab `401 Unauthorized`);
///   a repository or project other than the ones seen first is still served (any name works).
/// Test control (no token): `POST /_control/limit {"count": N}` answers the next N API requests with the rate
/// limit (GitHub 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`, or 429 with `retry-after`, in turn;
/// GitLab 429 with `RateLimit-Reset` and `Retry-After`); `POST /_control/set {"api": "v3"|"v4", "number": N,
/// "state": "merged"|"closed"|"open"}`; `GET /_control/requests` (every API call as `METHOD PATH`, and bodies).
/// The server exits when its parent process does, removing its own directory.
enum ForgeAPIServerScript {
    static let source = #"""
import json, os, shutil, signal, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlparse, parse_qs, unquote

port_file, token = sys.argv[1], sys.argv[2]
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
parent = os.getppid()
def watch_parent():
    while os.getppid() == parent:
        time.sleep(0.2)
    shutil.rmtree(os.path.dirname(os.path.abspath(__file__)), ignore_errors=True)
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

lock = threading.Lock()
pulls = {}      # (repo, number) -> GitHub pull
mrs = {}        # (project, iid) -> GitLab merge request
comments = []   # (api, number, body)
log = []        # {"call": "METHOD PATH", "body": ...}
limit = {"count": 0, "turn": 0}
DOCS = "https://docs.github.com/rest"
BASE = "http://127.0.0.1"

def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return None

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        body = self.body() if method == "POST" else None
        if url.path.startswith("/_control/"):
            return self.control(method, url.path, body)
        with lock:
            log.append({"call": method + " " + self.path, "body": body})
        gh = url.path.startswith("/api/v3/")
        if not url.path.startswith("/api/v3/") and not url.path.startswith("/api/v4/"):
            return self.reply(404, {"message": "Not Found"})
        if self.headers.get("Authorization") != "Bearer " + token:
            if gh:
                return self.reply(401, {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"})
            return self.reply(401, {"message": "401 Unauthorized"})
        with lock:
            if limit["count"] > 0:
                limit["count"] -= 1
                limit["turn"] += 1
                reset = str(int(time.time()) + 60)
                if not gh:
                    return self.reply(429, {"message": "429 Too Many Requests"},
                                      {"RateLimit-Limit": "600", "RateLimit-Remaining": "0", "RateLimit-Reset": reset, "Retry-After": "60"})
                if limit["turn"] % 2 == 1:
                    return self.reply(403, {"message": "API rate limit exceeded for user ID 1.", "documentation_url": DOCS, "status": "403"},
                                      {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": reset})
                return self.reply(429, {"message": "You have exceeded a secondary rate limit.", "documentation_url": DOCS, "status": "429"},
                                  {"retry-after": "30"})
        parts = [unquote(p) for p in url.path.split("/")[3:]]
        if method == "POST" and body is None:
            return self.reply(400, {"message": "Problems parsing JSON"} if gh else {"error": "invalid JSON"})
        with lock:
            if gh:
                return self.github(method, parts, query, body or {})
            return self.gitlab(method, parts, query, body or {})

    # parts for GitHub: repos, O, R, pulls[, N] | issues, N, comments
    def github(self, method, parts, query, body):
        not_found = {"message": "Not Found", "documentation_url": DOCS, "status": "404"}
        if len(parts) < 4 or parts[0] != "repos":
            return self.reply(404, not_found)
        repo = parts[1] + "/" + parts[2]
        rest = parts[3:]
        if rest == ["pulls"] and method == "POST":
            missing = [f for f in ("title", "head", "base") if not body.get(f)]
            errors = [{"resource": "PullRequest", "field": f, "code": "missing_field"} for f in missing]
            if not missing and body["head"] == body["base"]:
                errors.append({"resource": "PullRequest", "code": "custom", "message": "No commits between %s and %s" % (body["base"], body["head"])})
            for pull in pulls.values():
                if pull["_repo"] == repo and pull["head"]["ref"] == body.get("head") and pull["state"] == "open":
                    errors.append({"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for %s:%s." % (parts[1], body["head"])})
            if errors:
                return self.reply(422, {"message": "Validation Failed", "errors": errors, "documentation_url": DOCS, "status": "422"})
            number = len(pulls) + len(mrs) + 1
            pull = {"_repo": repo, "url": "%s/api/v3/repos/%s/pulls/%d" % (BASE, repo, number), "id": 1000 + number, "number": number,
                    "html_url": "https://github.example/%s/pull/%d" % (repo, number), "state": "open", "locked": False,
                    "title": body["title"], "body": body.get("body"), "created_at": now(), "updated_at": now(),
                    "closed_at": None, "merged_at": None, "merge_commit_sha": None, "draft": False,
                    "user": {"login": "iter8-bot", "id": 7, "type": "User"},
                    "head": {"label": parts[1] + ":" + body["head"], "ref": body["head"], "sha": "0" * 40},
                    "base": {"label": parts[1] + ":" + body["base"], "ref": body["base"], "sha": "0" * 40},
                    "merged": False, "mergeable": None, "comments": 0}
            pulls[(repo, number)] = pull
            return self.reply(201, self.public(pull), {"Location": pull["url"]})
        if rest == ["pulls"] and method == "GET":
            head = query.get("head", [None])[0]
            state = query.get("state", ["open"])[0]
            found = [p for p in pulls.values() if p["_repo"] == repo
                     and (head is None or p["head"]["label"] == head)
                     and (state == "all" or p["state"] == state)]
            found.sort(key=lambda p: -p["number"])
            return self.reply(200, [self.public(p, listed=True) for p in found])
        if len(rest) == 2 and rest[0] == "pulls" and method == "GET":
            pull = pulls.get((repo, int(rest[1]) if rest[1].isdigit() else -1))
            return self.reply(200, self.public(pull)) if pull else self.reply(404, not_found)
        if len(rest) == 3 and rest[0] == "issues" and rest[2] == "comments" and method == "POST":
            number = int(rest[1]) if rest[1].isdigit() else -1
            if (repo, number) not in pulls:
                return self.reply(404, not_found)
            if not body.get("body"):
                return self.reply(422, {"message": "Validation Failed", "errors": [{"resource": "IssueComment", "field": "body", "code": "missing_field"}], "documentation_url": DOCS, "status": "422"})
            comments.append(("v3", number, body["body"]))
            pulls[(repo, number)]["comments"] += 1
            return self.reply(201, {"id": len(comments), "body": body["body"], "html_url": pulls[(repo, number)]["html_url"] + "#issuecomment-%d" % len(comments), "created_at": now()})
        return self.reply(404, not_found)

    def public(self, pull, listed=False):
        out = {k: v for k, v in pull.items() if not k.startswith("_")}
        if listed:
            for key in ("merged", "mergeable", "comments"):
                out.pop(key, None)
        return out

    # parts for GitLab: projects, ID, merge_requests[, IID[, notes]]
    def gitlab(self, method, parts, query, body):
        if len(parts) < 3 or parts[0] != "projects" or parts[2] != "merge_requests":
            return self.reply(404, {"message": "404 Not found"})
        project = parts[1]
        rest = parts[3:]
        if rest == [] and method == "POST":
            for field in ("source_branch", "target_branch", "title"):
                if not body.get(field):
                    return self.reply(400, {"error": "%s is missing" % field})
            if body["source_branch"] == body["target_branch"]:
                return self.reply(422, {"message": ["You can't use same project/branch for source and target"]})
            for mr in mrs.values():
                if mr["_project"] == project and mr["source_branch"] == body["source_branch"] and mr["state"] == "opened":
                    return self.reply(409, {"message": ["Another open merge request already exists for this source branch: !%d" % mr["iid"]]})
            iid = len(pulls) + len(mrs) + 1
            mr = {"_project": project, "id": 2000 + iid, "iid": iid, "project_id": 42, "title": body["title"],
                  "description": body.get("description"), "state": "opened", "created_at": now(), "updated_at": now(),
                  "merged_at": None, "closed_at": None, "target_branch": body["target_branch"], "source_branch": body["source_branch"],
                  "author": {"id": 7, "username": "iter8-bot"}, "draft": False, "merge_status": "can_be_merged",
                  "sha": "0" * 40, "merge_commit_sha": None, "squash_commit_sha": None,
                  "web_url": "https://gitlab.example/%s/-/merge_requests/%d" % (project, iid)}
            mrs[(project, iid)] = mr
            return self.reply(201, self.public(mr))
        if rest == [] and method == "GET":
            source = query.get("source_branch", [None])[0]
            state = query.get("state", ["all"])[0]
            found = [m for m in mrs.values() if m["_project"] == project
                     and (source is None or m["source_branch"] == source) and (state == "all" or m["state"] == state)]
            found.sort(key=lambda m: -m["iid"])
            return self.reply(200, [self.public(m) for m in found])
        iid = int(rest[0]) if rest and rest[0].isdigit() else -1
        mr = mrs.get((project, iid))
        if mr is None:
            return self.reply(404, {"message": "404 Not found"})
        if len(rest) == 1 and method == "GET":
            return self.reply(200, self.public(mr))
        if rest[1:] == ["notes"] and method == "POST":
            if not body.get("body"):
                return self.reply(400, {"error": "body is missing"})
            comments.append(("v4", iid, body["body"]))
            return self.reply(201, {"id": len(comments), "body": body["body"], "noteable_type": "MergeRequest", "noteable_iid": iid, "created_at": now()})
        return self.reply(404, {"message": "404 Not found"})

    def control(self, method, path, body):
        with lock:
            if path == "/_control/limit" and method == "POST":
                limit["count"] = int(body.get("count", 0))
                return self.reply(200, {})
            if path == "/_control/set" and method == "POST":
                number, state = int(body["number"]), body["state"]
                if body["api"] == "v3":
                    for key, pull in pulls.items():
                        if pull["number"] == number:
                            pull["state"] = "open" if state == "open" else "closed"
                            pull["merged"] = state == "merged"
                            pull["merged_at"] = now() if state == "merged" else None
                            pull["closed_at"] = None if state == "open" else now()
                            return self.reply(200, self.public(pull))
                else:
                    for key, mr in mrs.items():
                        if mr["iid"] == number:
                            mr["state"] = {"open": "opened"}.get(state, state)
                            mr["merged_at"] = now() if state == "merged" else None
                            return self.reply(200, self.public(mr))
                return self.reply(404, {"message": "no such request"})
            if path == "/_control/requests" and method == "GET":
                return self.reply(200, {"requests": log, "comments": [list(c) for c in comments]})
        return self.reply(404, {"message": "no such control"})

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
"""#
}
