/// The Python 3 program behind ``IstioMetricsExporter``, written to a temporary directory at start-up.
///
/// Usage: `python3 exporter.py PORT_FILE CONFIG_JSON`. It binds `127.0.0.1:0`, writes the port to PORT_FILE,
/// and serves `/metrics` in Prometheus text format 0.0.4 with Istio's standard metrics for every workload of
/// the configuration. Every counter is a pure function of the time since start, `t`:
/// requests with code c and latency class k = floor(rate × share(c) × share(k) × t), so the truth over any
/// window is known exactly. Both reporters (`source` and `destination`) are exported, as Istio does.
/// The server exits when its parent process does, removing its own directory.
enum IstioMetricsExporterScript {
    static let source = #"""
import json, math, os, shutil, signal, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

port_file, config_file = sys.argv[1], sys.argv[2]
with open(config_file) as f:
    workloads = json.load(f)["workloads"]
BUCKETS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000]
START = time.time()

signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
parent = os.getppid()
def watch_parent():
    while os.getppid() == parent:
        time.sleep(0.2)
    shutil.rmtree(os.path.dirname(os.path.abspath(__file__)), ignore_errors=True)
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

def fmt(v):
    return repr(float(v)) if isinstance(v, float) else str(v)

def render():
    t = time.time() - START
    lines = [
        "# HELP istio_requests_total Total requests.",
        "# TYPE istio_requests_total counter",
    ]
    hist = ["# HELP istio_request_duration_milliseconds Request duration.",
            "# TYPE istio_request_duration_milliseconds histogram"]
    for w in workloads:
        codes = [("200", 1.0 - w["errorRate"]), ("500", w["errorRate"])]
        for reporter in ("source", "destination"):
            for code, share in codes:
                labels = ('reporter="%s",source_workload="loadgen",source_workload_namespace="%s",'
                          'destination_workload="%s",destination_workload_namespace="%s",'
                          'destination_service="%s",response_code="%s"') % (
                    reporter, w["namespace"], w["name"], w["namespace"], w["service"], code)
                counts = [(k["ms"], math.floor(w["rps"] * share * k["share"] * t)) for k in w["latencies"]]
                total = sum(c for _, c in counts)
                lines.append("istio_requests_total{%s} %d" % (labels, total))
                for le in BUCKETS:
                    hist.append('istio_request_duration_milliseconds_bucket{%s,le="%s"} %d' % (
                        labels, fmt(le), sum(c for ms, c in counts if ms <= le)))
                hist.append('istio_request_duration_milliseconds_bucket{%s,le="+Inf"} %d' % (labels, total))
                hist.append("istio_request_duration_milliseconds_sum{%s} %s" % (
                    labels, repr(float(sum(ms * c for ms, c in counts)))))
                hist.append("istio_request_duration_milliseconds_count{%s} %d" % (labels, total))
    return ("\n".join(lines + hist) + "\n").encode("utf-8")

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?")[0] != "/metrics":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = render()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass

class Server(ThreadingHTTPServer):
    daemon_threads = True

server = Server(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
print("istio metrics exporter on 127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
"""#
}
