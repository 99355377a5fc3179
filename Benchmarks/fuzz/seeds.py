#!/usr/bin/env python3
"""Writes the seed corpora under Benchmarks/fuzz/corpus/<Target>/ from the samples and the test fixtures.

Each target reads a few choice bytes before its payload (see the target's doc comment); the seeds carry the
choices that make the payload reach the code under test. Status-file seeds come from Benchmarks/fuzz/status/
(status files written by `iter8 demo`: started, after iteration 1 and completed, from the demo repository's
history, e.g. `iter8 demo --workspace W --keep`, then `git -C W/repo show <commit>:experiments/<name>.status.<token>.yaml`;
bayes1-*.yaml is one written by `bayes` 1, kept as a record of an older engine version). Run from the repository
root; existing seeds are replaced, except the inputs that once crashed a target (crash-*), which stay.
"""
import glob
import json
import os

ROOT = "Benchmarks/fuzz/corpus"


def reset(target):
    """Empties a target's corpus, except the inputs that once crashed it (crash-*), which stay as regressions."""
    path = os.path.join(ROOT, target)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if not name.startswith("crash-"):
            os.remove(os.path.join(path, name))
    return path


def write(target, name, data):
    with open(os.path.join(ROOT, target, name), "wb") as out:
        out.write(data if isinstance(data, bytes) else data.encode())


def read(path):
    with open(path, "rb") as source:
        return source.read()


def slug(path):
    return path.replace("/", "_")


def spec_load():
    reset("SpecLoad")
    paths = sorted(
        glob.glob("samples/*/experiments/**/*.yaml", recursive=True)
        + glob.glob("samples/*/metrics/*.yaml")
        + glob.glob("Tests/GitOpsTests/Fixtures/valid/*.yaml")
        + glob.glob("Tests/GitOpsTests/Fixtures/invalid/*.yaml")
        + glob.glob("Tests/GitOpsTests/Fixtures/schema/*.yaml"))
    for path in paths:
        write("SpecLoad", slug(path), read(path))

    # The reproductions of issue 10: values at the edges of every range, in an otherwise valid spec.
    canary = read("samples/bookinfo/experiments/reviews-v2-canary.yaml").decode()
    v1alpha2 = read("samples/bookinfo/experiments/reviews-v1alpha2.yaml").decode()
    hostile = {
        "interval-overflow": canary.replace("intervalSeconds: 20", "intervalSeconds: 922337203685477581"),
        "loops-overflow": canary.replace("iterationsPerLoop: 12", "iterationsPerLoop: 4294967296\n    maxLoops: 4294967296"),
        "weights-overflow": canary + "  manualOverride:\n    action: terminate\n    trafficSplit:\n"
        "      reviews-v1: 9223372036854775807\n      reviews-v2: 9223372036854775807\n",
        "target-slash": canary.replace("target: bookinfo/reviews", 'target: "/"').replace("  namespace: bookinfo\n", "", 1),
        "limits-huge": canary.replace("upperLimit: 100", "upperLimit: 1.7e308\n      lowerLimit: -1.7e308"),
        "name-traversal": canary.replace("name: reviews-v2-canary", 'name: "a/../../b"'),
        "name-long": canary.replace("name: reviews-v2-canary", "name: " + "a" * 250),
        "v1alpha2-interval": v1alpha2.replace("interval: 15s", "interval: 99999999999999999999s"),
    }
    for name, text in hostile.items():
        write("SpecLoad", "issue10-%s.yaml" % name, text)


def status_files(target):
    reset(target)
    for path in sorted(glob.glob("Benchmarks/fuzz/status/*.yaml")):
        write(target, os.path.basename(path), read(path))
    # Issue 10: a chart whose objective limits are ±1.7e308 (the tick stride never ended), and NaN in a record.
    # The limits change in the recorded results only (indented by 8): the chart draws those, and the same
    # lines in an iteration's input (indented by 6) would need another indentation to stay a YAML document.
    completed = read("Benchmarks/fuzz/status/reviews-canary-completed.yaml").decode()
    assert "\n        upperLimit: 100.0" in completed
    write(target, "issue10-limits-huge.yaml", completed.replace(
        "\n        upperLimit: 100.0", "\n        upperLimit: 1.7e308\n        lowerLimit: -1.7e308"))
    write(target, "issue10-nan.yaml", completed.replace("confidence: 0.95", "confidence: .nan", 1))


def prom(metric, statuses, bodies):
    return bytes([metric] + statuses) + b"\0".join(json.dumps(body).encode() for body in bodies)


def vector(*samples):
    return {"status": "success", "data": {"resultType": "vector", "result": [
        {"metric": labels, "value": [1800000000.123, value]} for labels, value in samples]}}


def promql_response():
    reset("PromQLResponse")
    buckets = vector(*[({"le": le}, count) for le, count in
                       [("5", "10"), ("25", "60.5"), ("100", "140"), ("500", "190"), ("+Inf", "200")]])
    one = vector(({}, "142.81000000000003"))
    write("PromQLResponse", "counter", prom(0, [0, 0, 0, 0], [one]))
    write("PromQLResponse", "ratio", prom(2, [0, 0, 0, 0], [vector(({}, "0.02")), vector(({}, "3")), one]))
    write("PromQLResponse", "histogram-mean", prom(3, [0, 0, 0, 0], [vector(({}, "45")), vector(({}, "9000")), one, buckets]))
    write("PromQLResponse", "fraction", prom(4, [0, 0, 0, 0], [vector(({}, "0.95")), buckets]))
    write("PromQLResponse", "quantile", prom(5, [0, 0, 0, 0], [vector(({}, "80")), buckets]))
    write("PromQLResponse", "scalar", prom(0, [0, 0, 0, 0], [{"status": "success", "data": {"resultType": "scalar", "result": [1800000000, "NaN"]}}]))
    write("PromQLResponse", "no-data", prom(1, [0, 0, 0, 0], [vector()]))
    write("PromQLResponse", "two-series", prom(0, [0, 0, 0, 0], [vector(({"pod": "a"}, "1"), ({"pod": "b"}, "+Inf"))]))
    write("PromQLResponse", "bad-data", prom(0, [4, 4, 4, 4], [{"status": "error", "errorType": "bad_data", "error": "parse error at char 5"}]))
    write("PromQLResponse", "matrix", prom(0, [0, 0, 0, 0], [{"status": "success", "data": {"resultType": "matrix", "result": []}}]))
    write("PromQLResponse", "unavailable", prom(0, [6, 6, 6, 6], []) + b"<html>503 Service Unavailable</html>")


def kube(statuses, routing, operation, bodies):
    return bytes(statuses + [routing, operation]) + b"\0".join(
        body if isinstance(body, bytes) else json.dumps(body).encode() for body in bodies)


def kubernetes_json():
    reset("KubernetesJSON")
    vs = json.loads(read("Tests/IstioTests/Golden/reviews-vs.json"))
    ab = json.loads(read("Tests/IstioTests/Golden/reviews-ab-vs.json"))
    dr = json.loads(read("Tests/IstioTests/Golden/reviews-dr.json"))
    discovery = {"kind": "APIGroup", "apiVersion": "v1", "name": "networking.istio.io",
                 "versions": [{"groupVersion": "networking.istio.io/v1", "version": "v1"},
                              {"groupVersion": "networking.istio.io/v1beta1", "version": "v1beta1"}],
                 "preferredVersion": {"groupVersion": "networking.istio.io/v1", "version": "v1"}}
    rules = {"kind": "DestinationRuleList", "apiVersion": "networking.istio.io/v1", "metadata": {"resourceVersion": "7"}, "items": [dr]}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment",
                  "metadata": {"name": "reviews-v2", "namespace": "bookinfo", "generation": 2},
                  "spec": {"replicas": 3},
                  "status": {"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3,
                             "conditions": [{"type": "Available", "status": "True"},
                                            {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}}
    lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
             "metadata": {"name": "iter8", "namespace": "bookinfo", "resourceVersion": "12"},
             "spec": {"holderIdentity": "iter8-7d9f-abcde", "leaseDurationSeconds": 15,
                      "acquireTime": "2027-01-15T08:00:00.000000Z", "renewTime": "2027-01-15T08:05:10.123456Z", "leaseTransitions": 3}}
    conflict = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": "Operation cannot be fulfilled on virtualservices.networking.istio.io \"reviews\": the object has been modified",
                "reason": "Conflict", "details": {"name": "reviews", "kind": "virtualservices"}, "code": 409}
    ok = [0, 0, 0, 0, 0, 0]
    for operation in range(4):
        write("KubernetesJSON", "route-name-op%d" % operation, kube(ok, 0, operation, [discovery, vs, rules, vs, deployment, lease]))
    write("KubernetesJSON", "default-route", kube(ok, 1, 1, [discovery, vs, rules, vs, deployment, lease]))
    write("KubernetesJSON", "weight-refs", kube(ok, 2, 1, [discovery, vs, rules, vs, deployment, lease]))
    write("KubernetesJSON", "ab-promotion", kube(ok, 0, 2, [discovery, ab, rules, ab, deployment, lease]))
    write("KubernetesJSON", "conflict", kube([0, 0, 0, 6, 0, 0], 0, 1, [discovery, vs, rules, conflict, deployment, lease]))
    write("KubernetesJSON", "deployments", kube(ok, 0, 3, [discovery, vs,
        {"kind": "DeploymentList", "apiVersion": "apps/v1", "items": [deployment, {"metadata": {"name": "reviews-v1"}}]}, vs, deployment, lease]))
    write("KubernetesJSON", "not-found", kube([5, 5, 5, 5, 5, 5], 0, 0, [{"kind": "Status", "apiVersion": "v1", "status": "Failure",
        "message": "the server could not find the requested resource", "reason": "NotFound", "code": 404}]))
    write("KubernetesJSON", "core-discovery", kube([0, 8, 0, 0, 0, 0], 0, 0, [{"kind": "APIVersions", "versions": ["v1"]}, b"upstream connect error"]))


def webhook():
    reset("Webhook")
    github = {"ref": "refs/heads/main", "before": "0" * 40, "after": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
              "repository": {"full_name": "team/iter8-config"}, "pusher": {"name": "octocat"}, "commits": []}
    gitlab = {"object_kind": "push", "ref": "refs/heads/main", "checkout_sha": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
              "after": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", "project": {"path_with_namespace": "team/iter8-config"}}
    body = json.dumps(github).encode()
    write("Webhook", "github-push", bytes([0, 0, 0, 0]) + body)
    write("Webhook", "github-push-other-branch", bytes([0, 0, 0, 0]) + json.dumps(dict(github, ref="refs/heads/dev")).encode())
    write("Webhook", "github-ping", bytes([0, 1, 0, 0]) + b'{"zen":"Keep it logically awesome.","hook_id":1}')
    write("Webhook", "github-form", bytes([0, 0, 0, 1]) + b"payload=" + json.dumps(github).replace('"', "%22").replace(" ", "+").encode())
    write("Webhook", "github-bad-signature", bytes([0, 0, 1, 0]) + body)
    write("Webhook", "gitlab-push", bytes([1, 2, 0, 0]) + json.dumps(gitlab).encode())
    write("Webhook", "gitlab-unsigned-allowed", bytes([1, 2, 3, 0]) + json.dumps(gitlab).encode())
    write("Webhook", "neither", bytes([2, 0, 2, 2]) + b"hello")


def manifest_edit():
    reset("ManifestEdit")
    manifests = sorted(
        glob.glob("Tests/IstioTests/Golden/manifest*.yaml")
        + glob.glob("samples/*/cluster/*virtualservice.yaml")
        + glob.glob("Tests/GitOpsTests/Fixtures/reconciler/virtualservice.yaml"))
    for path in manifests:
        text = read(path)
        for routing, operation, weight in [(0, 0, 30), (1, 0, 50), (2, 2, 0), (3, 0, 20), (0, 1, 0)]:
            write("ManifestEdit", "%s-r%d-o%d" % (slug(path), routing, operation), bytes([routing, operation, weight]) + text)


if __name__ == "__main__":
    spec_load()
    status_files("StatusReplay")
    status_files("ReportRender")
    promql_response()
    kubernetes_json()
    webhook()
    manifest_edit()
    for target in sorted(os.listdir(ROOT)):
        files = glob.glob(os.path.join(ROOT, target, "*"))
        print("%-16s %3d seeds, %7d bytes" % (target, len(files), sum(os.path.getsize(f) for f in files)))
