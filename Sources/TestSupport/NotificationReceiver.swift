import Foundation

/// A webhook receiver on loopback for notification tests: a Python 3 HTTP server that records every POST as a JSON
/// line (path, the `X-Iter8-Signature` header, whether that signature is the HMAC-SHA256 of the body under the
/// given secret — checked with Python's `hmac`, independently of the service — the `Authorization` header, the
/// method and the body), and answers 200 with Slack's `{"ok": true}`, or 503 while ``refuse(_:)`` is on (a receiver
/// that is down).
public final class NotificationReceiver: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    private let directory: TemporaryDirectory
    private let process: ManagedProcess

    /// One request as received.
    public struct Received: Sendable, Decodable {
        /// The request path (`/webhook`, `/slack`).
        public var path: String
        /// The `X-Iter8-Signature` header, if any.
        public var signature: String?
        /// True when the signature is `sha256=` and the HMAC-SHA256 of the body under the secret.
        public var signatureValid: Bool
        /// The body as text.
        public var body: String
        /// The `Authorization` header, if any.
        public var authorization: String?
        /// `POST` or `GET`.
        public var method: String?
    }

    private init(baseURL: URL, directory: TemporaryDirectory, process: ManagedProcess) {
        self.baseURL = baseURL
        self.directory = directory
        self.process = process
    }

    /// Starts a receiver checking signatures with `secret`.
    public static func start(secret: String) async throws -> NotificationReceiver {
        let python = try RequiredTool.path("python3", package: "python3")
        let directory = try TemporaryDirectory(prefix: "iter8-receiver")
        let script = directory.file("receiver.py")
        try Self.source.write(to: script, atomically: true, encoding: .utf8)
        let portFile = directory.file("port")
        let process = try ManagedProcess(
            python, [script.path, portFile.path, directory.file("received.jsonl").path, directory.file("refuse").path, secret],
            logFile: directory.file("server.log"))
        try await Wait.until("the receiver to write \(portFile.path)") {
            guard process.isRunning else { throw TestSupportError("receiver exited: \(process.logTail())") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let text = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else { throw TestSupportError("receiver wrote port '\(text)'") }
        try await Wait.forPort(port)
        return NotificationReceiver(baseURL: URL(string: "http://127.0.0.1:\(port)")!, directory: directory, process: process)
    }

    /// Answers 503 to every request (true) or 200 (false).
    public func refuse(_ refusing: Bool) throws {
        let flag = directory.file("refuse")
        if refusing {
            try Data().write(to: flag)
        } else if FileManager.default.fileExists(atPath: flag.path) {
            try FileManager.default.removeItem(at: flag)
        }
    }

    /// The requests answered 200 so far, in order.
    public func received() throws -> [Received] {
        guard let data = try? Data(contentsOf: directory.file("received.jsonl")) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }

    /// The end of the server's log.
    public func logTail() -> String { process.logTail() }

    deinit { process.stop() }

    static let source = #"""
import hashlib, hmac, json, os, signal, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

port_file, record_file, refuse_file, secret = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].encode()
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
parent = os.getppid()
def watch_parent():
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()
lock = threading.Lock()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_GET(self):
        self.do_POST("GET")
    def do_POST(self, method="POST"):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        refused = os.path.exists(refuse_file)
        if not refused:
            signature = self.headers.get("X-Iter8-Signature")
            expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            record = {"path": self.path, "signature": signature,
                      "signatureValid": signature is not None and hmac.compare_digest(signature, expected),
                      "body": body.decode("utf-8"), "authorization": self.headers.get("Authorization"),
                      "method": method}
            with lock:
                with open(record_file, "a") as f:
                    f.write(json.dumps(record) + "\n")
        answer = b"down" if refused else b'{"ok": true}'
        self.send_response(503 if refused else 200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
"""#
}
