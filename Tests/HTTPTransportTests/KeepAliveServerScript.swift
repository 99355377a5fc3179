/// The Python 3 program behind ``KeepAliveServer``, written to a temporary directory at start-up.
///
/// Usage: `python3 keepalive_server.py PORT_FILE MODE IDLE_SECONDS [CERT KEY CA]`, MODE one of `plain`, `tls`
/// (server certificate only) and `mtls` (a client certificate signed by CA required). It binds `127.0.0.1:0`,
/// writes the port to PORT_FILE and keeps HTTP/1.1 connections open between requests; with IDLE_SECONDS > 0 it
/// closes a connection idle that long. Every connection gets a number (1, 2, …) in accept order; every response
/// is JSON decodable as ``KeepAliveReply``. `/delay?ms=N` answers after N ms; `/drop-next` answers and then
/// drops the next request on the same connection unanswered (the connection closes as the client reuses it).
/// It logs `opened N`, `received N METHOD PATH` and `closed N` to standard error, and exits with its parent.
enum KeepAliveServerScript {
    static let source = #"""
import json, os, signal, ssl, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlparse, parse_qs

port_file, mode, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])

signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))

parent = os.getppid()
def watch_parent():
    while os.getppid() == parent:
        time.sleep(0.2)
    try:
        import shutil
        shutil.rmtree(os.path.dirname(os.path.abspath(__file__)), ignore_errors=True)
    finally:
        os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

lock = threading.Lock()
accepted = 0

def log(line):
    with lock:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    timeout = idle if idle > 0 else None

    def setup(self):
        global accepted
        self.connection_id = 0
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        with lock:
            accepted += 1
            self.connection_id = accepted
        self.served = 0
        self.drop_next = False
        log("opened %d" % self.connection_id)
        super().setup()

    def finish(self):
        try:
            super().finish()
        finally:
            log("closed %d" % self.connection_id)

    def log_message(self, *args):
        pass

    def answer(self):
        log("received %d %s %s" % (self.connection_id, self.command, self.path))
        if self.drop_next:
            self.close_connection = True
            return
        self.served += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        if url.path == "/delay":
            time.sleep(int(parse_qs(url.query).get("ms", ["0"])[0]) / 1000.0)
        self.drop_next = url.path == "/drop-next"
        tls = isinstance(self.connection, ssl.SSLSocket)
        reply = {
            "connection": self.connection_id,
            "requestOnConnection": self.served,
            "method": self.command,
            "path": self.path,
            "body": body.decode("utf-8", "replace"),
            "sessionReused": bool(self.connection.session_reused) if tls else False,
        }
        data = json.dumps(reply).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = answer

class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True

server = Server(("127.0.0.1", 0), Handler)
if mode != "plain":
    cert, key, ca = sys.argv[4], sys.argv[5], sys.argv[6]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if mode == "mtls":
        context.load_verify_locations(ca)
        context.verify_mode = ssl.CERT_REQUIRED
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
"""#
}
