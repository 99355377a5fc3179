/// The Python 3 program behind ``TLSEchoServer``, written to a temporary directory at start-up.
///
/// Usage: `python3 echo_server.py PORT_FILE plain` or `python3 echo_server.py PORT_FILE tls CERT KEY CA`.
/// It binds `127.0.0.1:0`, writes the port to PORT_FILE, and answers every request with JSON echoing the
/// method, path, headers, body and the client certificate's CN. Each request is logged
/// (`received METHOD PATH`) to standard error as it arrives, before any delay. `/delay?ms=N` sleeps N ms first;
/// `/status/N` answers with status N; `/redirect?to=URL` answers 302 with `Location: URL`. In TLS mode a
/// client certificate signed by CA is required. The server exits when its parent process does, removing its
/// own directory and those listed in `ECHO_SERVER_CLEANUP` (separated by `:`).
enum EchoServerScript {
    static let source = #"""
import json, os, shutil, signal, ssl, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlparse, parse_qs

port_file, mode = sys.argv[1], sys.argv[2]

# The test runner's threads may hand down SIGTERM blocked or ignored; make it stop this server at once.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))

# Exit with the process that started us, even if it never got to stop us (a crash, a shared server).
parent = os.getppid()
def watch_parent():
    while os.getppid() == parent:
        time.sleep(0.2)
    # Nobody will deinitialise our owner now: remove our directory and any the owner handed us.
    extra = [d for d in os.environ.get("ECHO_SERVER_CLEANUP", "").split(os.pathsep) if d]
    for directory in [os.path.dirname(os.path.abspath(__file__))] + extra:
        shutil.rmtree(directory, ignore_errors=True)
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()  # in this handler thread, so a bad client never blocks accept()
        super().setup()

    def client_common_name(self):
        if not isinstance(self.connection, ssl.SSLSocket):
            return None
        cert = self.connection.getpeercert() or {}
        for rdn in cert.get("subject", ()):
            for key, value in rdn:
                if key == "commonName":
                    return value
        return None

    def answer(self):
        sys.stderr.write("received %s %s\n" % (self.command, self.path))
        sys.stderr.flush()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        status = 200
        if url.path == "/delay":
            time.sleep(int(parse_qs(url.query).get("ms", ["0"])[0]) / 1000.0)
        elif url.path.startswith("/status/"):
            status = int(url.path.split("/")[2])
        elif url.path == "/redirect":
            status = 302
        reply = {
            "method": self.command,
            "path": self.path,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
            "clientCommonName": self.client_common_name(),
        }
        data = json.dumps(reply).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Echo-Multi", "one")
        self.send_header("X-Echo-Multi", "two")
        if status == 302:
            self.send_header("Location", parse_qs(url.query).get("to", ["/"])[0])
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = answer

class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True

server = Server(("127.0.0.1", 0), Handler)
if mode == "tls":
    cert, key, ca = sys.argv[3], sys.argv[4], sys.argv[5]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.load_verify_locations(ca)
    context.verify_mode = ssl.CERT_REQUIRED
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
print("echo server (%s) on 127.0.0.1:%d" % (mode, server.server_address[1]), flush=True)
server.serve_forever()
"""#
}
