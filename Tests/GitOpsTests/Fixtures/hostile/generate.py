#!/usr/bin/env python3
"""Writes the hostile corpus: Experiment, Metric, status and manifest files that a careless or hostile
committer could push, each with what `iter8 validate` (or `iter8 replay` for status files) must answer.

Run from anywhere: `python3 Tests/GitOpsTests/Fixtures/hostile/generate.py`. Deterministic: the same files
and the same `expectations.tsv` every time; stale generated files are removed first.

Every case starts from a sample of the repository (samples/bookinfo) and changes one thing, so the message it
must produce names exactly that field. `expectations.tsv` has one line per file:

    file <TAB> command <TAB> exit code <TAB> message

`command` is `validate` or `replay`; `message` is a substring the output must contain, or `-` when the file
must be accepted (exit 0 and no error line). Every expectation was reviewed by hand against the validator's
output: it is what a user should read (the field's path and the rule), not merely what the code prints today.
"""
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))


def sample(path):
    with open(os.path.join(ROOT, path), "r", encoding="utf-8") as handle:
        text = handle.read()
    # Drop the leading comment block: the corpus files say what they test instead.
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


CANARY = sample("samples/bookinfo/experiments/reviews-v2-canary.yaml")
V1 = sample("samples/bookinfo/experiments/reviews-v1alpha2.yaml")
METRIC = sample("samples/bookinfo/metrics/latency-75th-percentile.yaml")
MANIFEST = sample("samples/demo/cluster/reviews-virtualservice.yaml")

CASES = []
ACCEPT = "-"


def add(name, content, exit_code, message, command="validate"):
    assert all(name != existing[0] for existing in CASES), name
    assert "\t" not in message and "\n" not in message, name
    if isinstance(content, str):
        content = content.encode("utf-8")
    CASES.append((name, content, command, exit_code, message))


def replace(text, old, new, count=1):
    """`text` with `old` replaced by `new`; fails when `old` is not there (a sample changed)."""
    assert old in text, old
    return text.replace(old, new, count)


def canary(old, new, count=1):
    return replace(CANARY, old, new, count)


def v1(old, new, count=1):
    return replace(V1, old, new, count)


def slugify(value):
    """A file-name stem for `value` (signs and dots spelled out, so `1e18` and `-1e18` differ)."""
    value = value.replace("-", "minus").replace(".", "dot").replace("+", "plus")
    return (re.sub(r"[^a-zA-Z0-9]+", "_", value).strip("_") or "empty")[:24]


def accept(name, content, command="validate"):
    add(name, content, 0, ACCEPT, command)


def refuse(name, content, message, command="validate"):
    add(name, content, 1, message, command)


# ---------------------------------------------------------------------------------------------------------
# The samples themselves are accepted.
accept("spec/sample-canary.yaml", CANARY)
accept("spec/sample-v1alpha2.yaml", V1)
accept("metric/sample-metric.yaml", METRIC)

# ---------------------------------------------------------------------------------------------------------
# Integer fields of a v2alpha2 spec at and beyond their documented ranges (SpecLimits).
HUGE_INT = "99999999999999999999999"
INT_FIELDS = [
    # (file stem, line in the sample, field path, replacement format, min, max)
    ("interval", "intervalSeconds: 20", "spec.duration.intervalSeconds", "intervalSeconds: {}", 1, 86400),
    ("iterations", "iterationsPerLoop: 12", "spec.duration.iterationsPerLoop", "iterationsPerLoop: {}", 1, 10000),
    ("max-weight", "maxCandidateWeight: 100", "spec.strategy.weights.maxCandidateWeight", "maxCandidateWeight: {}", 0, 100),
    ("increment", "maxCandidateWeightIncrement: 10", "spec.strategy.weights.maxCandidateWeightIncrement",
     "maxCandidateWeightIncrement: {}", 0, 100),
]
for stem, line, path, fmt, low, high in INT_FIELDS:
    accept(f"spec/{stem}-min.yaml", canary(line, fmt.format(low)))
    accept(f"spec/{stem}-max.yaml", canary(line, fmt.format(high)))
    refuse(f"spec/{stem}-below-min.yaml", canary(line, fmt.format(low - 1)), f"{path}: must be between {low} and {high}")
    refuse(f"spec/{stem}-above-max.yaml", canary(line, fmt.format(high + 1)), f"{path}: must be between {low} and {high}")
    refuse(f"spec/{stem}-int64-max.yaml", canary(line, fmt.format(9223372036854775807)), f"{path}: must be between")
    refuse(f"spec/{stem}-int64-min.yaml", canary(line, fmt.format(-9223372036854775808)), f"{path}: must be between")
    refuse(f"spec/{stem}-huge.yaml", canary(line, fmt.format(HUGE_INT)), f"{path}:")
    refuse(f"spec/{stem}-negative.yaml", canary(line, fmt.format(-5)), f"{path}: must be between")
    refuse(f"spec/{stem}-nan.yaml", canary(line, fmt.format(".nan")), f"{path}:")
    refuse(f"spec/{stem}-inf.yaml", canary(line, fmt.format(".inf")), f"{path}:")
    refuse(f"spec/{stem}-minus-inf.yaml", canary(line, fmt.format("-.inf")), f"{path}:")
    refuse(f"spec/{stem}-1e308.yaml", canary(line, fmt.format("1e308")), f"{path}:")
    refuse(f"spec/{stem}-fraction.yaml", canary(line, fmt.format("2.5")), f"{path}:")
    refuse(f"spec/{stem}-word.yaml", canary(line, fmt.format("twenty")), f"{path}:")
    refuse(f"spec/{stem}-empty.yaml", canary(line, fmt.format('""')), f"{path}:")
    refuse(f"spec/{stem}-list.yaml", canary(line, fmt.format("[1, 2]")), f"{path}:")

# maxLoops (absent from the sample) and the total number of iterations.
accept("spec/max-loops-max.yaml", canary("iterationsPerLoop: 12", "iterationsPerLoop: 10\n    maxLoops: 1000"))
refuse("spec/max-loops-zero.yaml", canary("iterationsPerLoop: 12", "iterationsPerLoop: 12\n    maxLoops: 0"),
       "spec.duration.maxLoops: must be between 1 and 1000")
refuse("spec/max-loops-above-max.yaml", canary("iterationsPerLoop: 12", "iterationsPerLoop: 1\n    maxLoops: 1001"),
       "spec.duration.maxLoops: must be between 1 and 1000")
refuse("spec/loops-product-overflow.yaml",
       canary("iterationsPerLoop: 12", "iterationsPerLoop: 4294967296\n    maxLoops: 4294967296"),
       "spec.duration.iterationsPerLoop: must be between 1 and 10000")
refuse("spec/loops-total-too-many.yaml", canary("iterationsPerLoop: 12", "iterationsPerLoop: 10000\n    maxLoops: 2"),
       "spec.duration")
accept("spec/loops-total-max.yaml", canary("iterationsPerLoop: 12", "iterationsPerLoop: 100\n    maxLoops: 100"))
refuse("spec/interval-overflow-issue.yaml", canary("intervalSeconds: 20", "intervalSeconds: 922337203685477581"),
       "spec.duration.intervalSeconds: must be between 1 and 86400")

# spec.analysis numbers.
def analysis(body):
    return CANARY.rstrip("\n") + "\n  analysis:\n" + "".join(f"    {line}\n" for line in body.split("\n"))


accept("spec/analysis-all-max.yaml", analysis(
    "confidence: 0.9999\nwinnerProbability: 0.9999\nexplorationShare: 1\nminRequestsPerVersion: 1000000000\n"
    "samples: 1000000\nnoDataDeadlineSeconds: 2592000\nseed: 18446744073709551615"))
accept("spec/analysis-all-min.yaml", analysis(
    "confidence: 0.5001\nwinnerProbability: 0.5\nexplorationShare: 0\nminRequestsPerVersion: 0\nsamples: 100\n"
    "noDataDeadlineSeconds: 20\nseed: 0"))
for field, values in [
    ("confidence", ["0.5", "0.49", "1", "1.5", "-0.9", ".nan", ".inf", "-.inf", "1e308"]),
    ("winnerProbability", ["0.1", "1.0", ".nan", ".inf", "1e308"]),
    ("explorationShare", ["-0.01", "1.01", ".nan", "-.inf", "1e308"]),
    ("minRequestsPerVersion", ["-1", "1000000001", "9223372036854775807", HUGE_INT, ".nan"]),
    ("samples", ["99", "1000001", "0", "-100", "9223372036854775807", ".inf"]),
    ("noDataDeadlineSeconds", ["19", "0", "-1", "2592001", "9223372036854775807", ".nan"]),
    ("seed", ["-1", "18446744073709551616", ".nan", "1.5"]),
]:
    for value in values:
        slug = slugify(value)
        refuse(f"spec/analysis-{field}-{slug}.yaml", analysis(f"{field}: {value}"), f"spec.analysis.{field}:")
refuse("spec/analysis-samples-string.yaml", analysis('samples: "lots"'), "spec.analysis.samples:")
refuse("spec/analysis-engine-unknown.yaml", analysis("engine: magic"), "spec.analysis.engine:")

# Objective limits: quantities, NaN/Inf, magnitudes, strings for numbers.
for value, ok in [
    ("0", True), ("-1", True), ("1e18", True), ("-1e18", True), ("1Ei", True), ("1e19", True), ("1.1e19", False), ("1e20", False), ("1.7e308", False),
    ("-1.7e308", False), (".nan", False), (".inf", False), ("-.inf", False), ('"NaN"', False), ('"Infinity"', False),
    ('"10m"', True), ('"250"', True), ('"1k"', True), ('"ten"', False), ('""', False), ("[1]", False), ("{a: 1}", False),
    ('"0x10"', False), ('"1e400"', False), ("true", False), ("~", True),
]:
    slug = slugify(value)
    content = canary("upperLimit: 100", f"upperLimit: {value}")
    if value == "~":
        # A null upper limit leaves the objective without limits.
        refuse("spec/limit-null.yaml", content.replace("upperLimit: ~", "upperLimit: null"),
               "spec.criteria.objectives[0]")
        continue
    if ok:
        accept(f"spec/limit-{slug}.yaml", content)
    else:
        refuse(f"spec/limit-{slug}.yaml", content, "spec.criteria.objectives[0].upperLimit:")
# The chart-tick hang of the issue: limits at the edge of Double.
refuse("spec/limits-both-huge.yaml",
       canary("upperLimit: 100", "upperLimit: 1.7e308\n      lowerLimit: -1.7e308"),
       "spec.criteria.objectives[0].upperLimit:")
accept("spec/limits-both-1e18.yaml", canary("upperLimit: 100", "upperLimit: 1e18\n      lowerLimit: -1e18"))
refuse("spec/limits-crossed.yaml", canary("upperLimit: 100", "upperLimit: 1\n      lowerLimit: 2"),
       "spec.criteria.objectives[0]")

# Too many candidates and criteria.
def candidates(count):
    """An A/B/N test (Canary takes one candidate) with `count` candidates."""
    entries = "".join(
        f"    - name: reviews-c{i}\n      variables:\n      - name: namespace\n        value: bookinfo\n" for i in range(count))
    destinations = "".join(f"      reviews-c{i}:\n        subset: c{i}\n" for i in range(count))
    text = canary("    candidates:\n    - name: reviews-v2\n      variables:\n      - name: namespace\n        value: bookinfo\n",
                  "    candidates:\n" + entries)
    text = replace(text, "testingPattern: Canary", "testingPattern: A/B/N")
    text = replace(text, "    objectives:\n", "    rewards:\n    - metric: iter8-istio/mean-latency\n      preferredDirection: Low\n    objectives:\n")
    text = replace(text, "    weights:\n      maxCandidateWeight: 100\n      maxCandidateWeightIncrement: 10\n", "")
    return replace(text, "      reviews-v2:\n        subset: v2\n", destinations)


accept("spec/candidates-20.yaml", candidates(20))
refuse("spec/candidates-21.yaml", candidates(21), "spec.versionInfo.candidates")
refuse("spec/candidates-1000.yaml", candidates(1000), "spec.versionInfo.candidates")


def objectives(count):
    entries = "".join(f"    - metric: iter8-istio/mean-latency\n      upperLimit: {i + 1}\n" for i in range(count))
    return re.sub(r"    objectives:\n(?:    - metric: .*\n      upperLimit: .*\n)+", "    objectives:\n" + entries, CANARY)


accept("spec/objectives-32.yaml", objectives(32))
refuse("spec/objectives-33.yaml", objectives(33), "spec.criteria")

# Manual override: trafficSplit weights and overflow.
def override(body):
    return CANARY.rstrip("\n") + "\n  manualOverride:\n    action: terminate\n" + body


accept("spec/split-100-0.yaml", override("    trafficSplit:\n      reviews-v1: 100\n      reviews-v2: 0\n"))
accept("spec/split-50-50.yaml", override("    trafficSplit:\n      reviews-v1: 50\n      reviews-v2: 50\n"))
for slug, first, second, path in [
    ("int64-max-twice", "9223372036854775807", "9223372036854775807", "spec.manualOverride.trafficSplit"),
    ("101-minus-1", "101", "-1", "spec.manualOverride.trafficSplit"),
    ("sum-99", "49", "50", "spec.manualOverride.trafficSplit"),
    ("sum-101", "51", "50", "spec.manualOverride.trafficSplit"),
    ("nan", ".nan", "0", "spec.manualOverride.trafficSplit"),
    ("fraction", "50.5", "49.5", "spec.manualOverride.trafficSplit"),
    ("huge", HUGE_INT, "0", "spec.manualOverride.trafficSplit"),
    ("negative", "-100", "200", "spec.manualOverride.trafficSplit"),
]:
    refuse(f"spec/split-{slug}.yaml",
           override(f"    trafficSplit:\n      reviews-v1: {first}\n      reviews-v2: {second}\n"), path)
refuse("spec/split-unknown-version.yaml",
       override("    trafficSplit:\n      reviews-v1: 50\n      reviews-v9: 50\n"), "spec.manualOverride.trafficSplit")
refuse("spec/split-with-pause.yaml",
       replace(override("    trafficSplit:\n      reviews-v1: 50\n      reviews-v2: 50\n"), "action: terminate", "action: pause"),
       "spec.manualOverride.trafficSplit: trafficSplit goes with action terminate only")
refuse("spec/override-action-unknown.yaml", replace(override(""), "action: terminate", "action: explode"),
       "spec.manualOverride.action:")

# ---------------------------------------------------------------------------------------------------------
# Names, namespaces, version names, targets, hosts and subsets.
L63 = "a" * 63
L64 = "a" * 64
S253 = ".".join(["a" * 63] * 3) + "." + "a" * 61
S254 = S253 + "a"
ODD_NAMES = [
    ("empty", '""'), ("upper", "Reviews"), ("slash", "a/b"), ("dotdot", '".."'), ("traversal", "a/../../b"),
    ("unicode", "révïews"), ("space", '"re views"'), ("nul", '"re\\0views"'), ("newline", '"re\\nviews"'),
    ("leading-dash", "-reviews"), ("trailing-dash", "reviews-"), ("underscore", "re_views"), ("dot-only", '"."'),
    ("emoji", '"🚀"'), ("tab", '"re\\tviews"'), ("percent", "re%2Fviews"), ("number", "12345"), ("null", "~"),
    ("list", "[a, b]"),
]
# How a message shows a value with control characters: escaped, on one line.
ESCAPED = {"nul": "re\\u{0}views", "newline": "re\\nviews", "tab": "re\\tviews"}
# metadata.name is a subdomain (253), metadata.namespace a label (63).
accept("names/name-253.yaml", canary("name: reviews-v2-canary", f"name: {S253}"))
refuse("names/name-254.yaml", canary("name: reviews-v2-canary", f"name: {S254}"), "metadata.name:")
accept("names/name-dotted.yaml", canary("name: reviews-v2-canary", "name: reviews.v2.canary"))
accept("names/namespace-63.yaml", canary("  namespace: bookinfo\nspec", f"  namespace: {L63}\nspec"))
refuse("names/namespace-64.yaml", canary("  namespace: bookinfo\nspec", f"  namespace: {L64}\nspec"), "metadata.namespace:")
refuse("names/namespace-dotted.yaml", canary("  namespace: bookinfo\nspec", "  namespace: book.info\nspec"),
       "metadata.namespace:")
for slug, value in ODD_NAMES:
    name_message = "metadata.name"
    if slug == "number":
        accept(f"names/name-{slug}.yaml", canary("name: reviews-v2-canary", f"name: {value}"))
        accept(f"names/namespace-{slug}.yaml", canary("  namespace: bookinfo\nspec", f"  namespace: {value}\nspec"))
    else:
        if slug in ESCAPED:
            name_message = f'metadata.name: "{ESCAPED[slug]}"'
        refuse(f"names/name-{slug}.yaml", canary("name: reviews-v2-canary", f"name: {value}"), name_message)
        if slug != "null":
            refuse(f"names/namespace-{slug}.yaml", canary("  namespace: bookinfo\nspec", f"  namespace: {value}\nspec"),
                   "metadata.namespace")
# Version names are labels too (they become status keys, metric labels and destination names).
for slug, value in [("upper", "Reviews-V2"), ("slash", "reviews/v2"), ("traversal", "a/../../b"), ("long", S254),
                    ("space", '"reviews v2"'), ("empty", '""')]:
    text = canary("    - name: reviews-v2\n", f"    - name: {value}\n")
    refuse(f"names/version-{slug}.yaml", text, "spec.versionInfo.candidates[0].name")
accept("names/version-63.yaml", canary("- name: reviews-v2\n", f"- name: {L63}\n").replace("      reviews-v2:", f"      {L63}:"))
refuse("names/version-duplicate.yaml", canary("    - name: reviews-v2\n", "    - name: reviews-v1\n"), "reviews-v1")
# Targets: namespace/name or name.
for slug, value, message in [
    ("slash-only", '"/"', "spec.target"), ("three-parts", "a/b/c", "spec.target"), ("leading-slash", "/reviews", "spec.target"),
    ("trailing-slash", "reviews/", "spec.target"), ("empty", '""', "spec.target"), ("traversal", "a/../../b", "spec.target"),
    ("upper", "Bookinfo/Reviews", "spec.target"), ("space", '"book info/reviews"', "spec.target"),
    ("long-name", f"bookinfo/{S254}", "spec.target"), ("long-namespace", f"{L64}/reviews", "spec.target"),
    ("unicode", "bookinfo/révïews", "spec.target"), ("list", "[bookinfo, reviews]", "spec.target"),
]:
    refuse(f"names/target-{slug}.yaml", canary("target: bookinfo/reviews", f"target: {value}"), message)
accept("names/target-name-only.yaml", canary("target: bookinfo/reviews", "target: reviews"))
# The index trap of the issue: target "/" with no metadata.namespace.
refuse("names/target-slash-no-namespace.yaml",
       canary("target: bookinfo/reviews", 'target: "/"').replace("  namespace: bookinfo\nspec", "spec"), "spec.target")
# No namespace anywhere: Kubernetes' own default, `default`.
accept("names/target-no-namespace-anywhere.yaml",
       canary("target: bookinfo/reviews", "target: reviews").replace("  namespace: bookinfo\nspec", "spec"))
# Routing names.
for slug, old, value, message in [
    ("vs-name-slash", "      name: reviews\n    route", "      name: a/../../b\n    route", "spec.routing.virtualService.name"),
    ("vs-name-upper", "      name: reviews\n    route", "      name: Reviews\n    route", "spec.routing.virtualService.name"),
    ("vs-namespace-slash", "      name: reviews\n    route", "      name: reviews\n      namespace: a/b\n    route",
     "spec.routing.virtualService.namespace"),
    ("vs-namespace-long", "      name: reviews\n    route", f"      name: reviews\n      namespace: {L64}\n    route",
     "spec.routing.virtualService.namespace"),
    ("subset-upper", "subset: v2", "subset: V2", "spec.routing.destinations.reviews-v2.subset"),
    ("subset-slash", "subset: v2", "subset: v/2", "spec.routing.destinations.reviews-v2.subset"),
    ("subset-long", "subset: v2", f"subset: {L64}", "spec.routing.destinations.reviews-v2.subset"),
    ("route-empty", "route: reviews-route", 'route: ""', "spec.routing.route"),
    ("destination-unknown", "      reviews-v2:\n", "      reviews-v9:\n", "spec.routing.destinations.reviews-v9"),
]:
    refuse(f"names/{slug}.yaml", canary(old, value), message)
refuse("names/destination-host-slash.yaml", canary("subset: v2", "host: a/b\n        subset: v2"),
       "spec.routing.destinations.reviews-v2.host")
accept("names/destination-host-fqdn.yaml",
       canary("subset: v2", "host: reviews.bookinfo.svc.cluster.local\n        subset: v2"))
refuse("names/two-experiments-one-bad.yaml", CANARY + "---\n" + canary("name: reviews-v2-canary", "name: a/../../b"),
       "metadata.name")

# ---------------------------------------------------------------------------------------------------------
# v1alpha2: interval strings, maxIterations, thresholds, service names, ports, percentages.
for value, ok in [("1s", True), ("24h", True), ("86400s", True), ("0s", False), ("86401s", False), ("-1s", False),
                  ("99999999999999999999s", False), ("9223372036854775807s", False), ("1e9h", False), ("15", False),
                  ("fast", False), ('""', False), ("1.5s", True), ("NaNs", False), ("infs", False), ("1m30s", True)]:
    slug = slugify(value)
    content = v1("interval: 15s", f"interval: {value}")
    if ok is True:
        accept(f"v1/interval-{slug}.yaml", content)
    elif ok is False:
        refuse(f"v1/interval-{slug}.yaml", content, "spec.duration.interval:")
    else:
        CASES.append((f"v1/interval-{slug}.yaml", content.encode(), "validate", None, None))
for value, ok in [("1", True), ("10000", True), ("0", False), ("10001", False), ("-1", False),
                  ("9223372036854775807", False), (HUGE_INT, False), (".nan", False), ("ten", False)]:
    content = v1("maxIterations: 8", f"maxIterations: {value}")
    slug = slugify(value)
    if ok:
        accept(f"v1/max-iterations-{slug}.yaml", content)
    else:
        refuse(f"v1/max-iterations-{slug}.yaml", content, "spec.duration.maxIterations:")
for value, ok in [("0", True), ("1e18", True), ("-1e18", True), ("1e19", True), ("1e20", False), (".nan", False), (".inf", False),
                  ("-.inf", False), ("1.7e308", False), ('"big"', False)]:
    slug = slugify(value)
    content = v1("value: 0.05", f"value: {value}")
    if ok:
        accept(f"v1/threshold-{slug}.yaml", content)
    else:
        refuse(f"v1/threshold-{slug}.yaml", content, "spec.criteria[1].threshold.value:")
for value, ok in [("0", True), ("100", True), ("101", False), ("-1", False), ("9223372036854775807", False)]:
    content = v1("maxIncrement: 20", f"maxIncrement: {value}")
    slug = slugify(value)
    if ok:
        accept(f"v1/max-increment-{slug}.yaml", content)
    else:
        refuse(f"v1/max-increment-{slug}.yaml", content, "spec.trafficControl.maxIncrement:")
for value, ok in [("1", True), ("65535", True), ("0", False), ("65536", False), ("-80", False), ("9223372036854775807", False)]:
    content = v1("    name: reviews\n", f"    name: reviews\n    port: {value}\n")
    slug = slugify(value)
    if ok:
        accept(f"v1/port-{slug}.yaml", content)
    else:
        refuse(f"v1/port-{slug}.yaml", content, "spec.service.port:")
for value in ["0", "100", "101", "-1"]:
    content = v1("maxIncrement: 20", f"maxIncrement: 20\n    percentage: {value}")
    slug = slugify(value)
    if value in ["0", "100"]:
        accept(f"v1/percentage-{slug}.yaml", content)
    else:
        refuse(f"v1/percentage-{slug}.yaml", content, "spec.trafficControl.percentage:")
for slug, old, new, message in [
    ("service-name-slash", "    name: reviews\n", "    name: a/../../b\n", "spec.service.name"),
    ("service-name-upper", "    name: reviews\n", "    name: Reviews\n", "spec.service.name"),
    ("service-namespace-slash", "    name: reviews\n", "    name: reviews\n    namespace: a/b\n", "spec.service.namespace"),
    ("service-namespace-long", "    name: reviews\n", f"    name: reviews\n    namespace: {L64}\n", "spec.service.namespace"),
    ("baseline-slash", "baseline: reviews-v1", "baseline: reviews/v1", "spec.service.baseline"),
    ("baseline-long", "baseline: reviews-v1", f"baseline: {S254}", "spec.service.baseline"),
    ("candidate-upper", "    - reviews-v2\n", "    - Reviews-V2\n", "spec.service.candidates[0]"),
    ("metric-unknown", "metric: iter8_error_rate", "metric: iter8_made_up", "spec.criteria[1].metric"),
    ("threshold-type-unknown", "type: absolute", "type: sideways", "spec.criteria[1].threshold.type"),
    ("strategy-unknown", "strategy: progressive", "strategy: teleport", "spec.trafficControl.strategy"),
]:
    refuse(f"v1/{slug}.yaml", v1(old, new), message)
refuse("v1/candidates-21.yaml",
       v1("    - reviews-v2\n", "".join(f"    - reviews-c{i}\n" for i in range(21))), "spec.service.candidates")

# ---------------------------------------------------------------------------------------------------------
# Metric files: odd PromQL templates and fields.
def metric(old, new):
    return replace(METRIC, old, new)


QUERY = "histogram_quantile(0.75, sum(increase(istio_request_duration_milliseconds_bucket{reporter='source',destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s])) by (le))"
for slug, query, ok in [
    # Placeholders are a version's variables: checked where an experiment uses the metric (Fixtures/invalid).
    ("unknown-placeholder", "sum(x{w='$nme'})", True),
    ("unknown-braced", "sum(x{w='${bogus}'})", True),
    ("unclosed-brace", "sum(x{w='${name'})", False),
    ("dollar-only", "sum(x{w='$'})", True),
    ("empty", '""', False),
    ("only-spaces", '"   "', True),  # see the report: a blank query deserves an error
    ("no-placeholders", "vector(1)", True),
    ("nested-placeholder", "sum(x{w='${${name}}'})", False),
    ("huge", "sum(x{w='$name'})" + " + 1" * 20000, True),
    ("unicode", "sum(x{w='$name',é='ü'})", True),
    ("backslashes", "'sum(x{w=\"\\\\$name\"})'", True),
    ("newlines", '"sum(x{w=\'$name\'})\\n\\n+ 0"', True),
]:
    content = metric(QUERY, query) if slug != "empty" and slug != "only-spaces" else \
        METRIC.replace("    value: >-\n      " + QUERY, f"    value: {query}")
    if ok is True:
        accept(f"metric/query-{slug}.yaml", content)
    elif ok is False:
        refuse(f"metric/query-{slug}.yaml", content, "spec.params")
    else:
        CASES.append((f"metric/query-{slug}.yaml", content.encode(), "validate", None, None))
for slug, old, new, message in [
    ("type-unknown", "type: Gauge", "type: Thermometer", "spec.type"),
    ("sample-size-slash", "sampleSize: iter8-istio/request-count", "sampleSize: a/b/c", "spec.sampleSize"),
    ("name-slash", "name: latency-75th-percentile", "name: a/../../b", "metadata.name"),
    ("name-upper", "name: latency-75th-percentile", "name: Latency", "metadata.name"),
    ("params-not-list", "  params:\n  - name: query\n    value: >-\n      " + QUERY, "  params: 7", "spec.params"),
    ("param-unknown", "  - name: query", "  - name: kwery", "spec.params"),
]:
    refuse(f"metric/{slug}.yaml", metric(old, new), message)

# ---------------------------------------------------------------------------------------------------------
# YAML itself: aliases, nesting, sizes, duplicate keys, several documents, encodings, line ends.
DEEP = "collections nest deeper than the limit of 64"
laughs = "apiVersion: iter8.tools/v2alpha2\nkind: Experiment\nmetadata: {name: laughs, namespace: bookinfo}\n"
laughs += "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for i in range(1, 10):
    laughs += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
refuse("yaml/billion-laughs.yaml", laughs, "alias expansion exceeds the limit of 10000 nodes")
refuse("yaml/billion-laughs-in-spec.yaml",
       CANARY.replace("spec:\n", "x: &x [a, a, a, a, a, a, a, a, a, a]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\n"
                      "z: &z [*y, *y, *y, *y, *y, *y, *y, *y, *y, *y]\nw: &w [*z, *z, *z, *z, *z, *z, *z, *z, *z, *z]\n"
                      "v: [*w, *w, *w, *w, *w, *w, *w, *w, *w, *w, *w, *w]\nspec:\n", 1),
       "alias expansion exceeds the limit of 10000 nodes")
refuse("yaml/alias-cycle-ish.yaml", "a: &a [*a]\n", "undefined alias *a")
accept("yaml/alias-small.yaml", canary("  strategy:\n", "  strategy: &s\n").replace("    iterationsPerLoop: 12", "    iterationsPerLoop: &n 12"))
refuse("yaml/alias-unknown.yaml", canary("intervalSeconds: 20", "intervalSeconds: *nope"), "undefined alias *nope")
refuse("yaml/merge-key.yaml", canary("  duration:\n", "  duration:\n    <<: {intervalSeconds: 5}\n"), "spec.duration.<<: unknown field")
refuse("yaml/deep-flow.yaml", "a: " + "[" * 10000 + "]" * 10000 + "\n", DEEP)
refuse("yaml/deep-block.yaml", "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n", DEEP)
refuse("yaml/deep-in-spec.yaml", CANARY.rstrip("\n") + "\n  extra: " + "[" * 100 + "]" * 100 + "\n", DEEP)
refuse("yaml/huge-file.yaml", CANARY + "# " + "x" * (1 << 20) + "\n", "more than the limit of 1048576 bytes")
refuse("yaml/huge-scalar.yaml", canary("name: reviews-v2-canary", "name: " + "a" * 500000),
       'metadata.name: "' + "a" * 300 + '" (and 499700 more characters)')
accept("yaml/long-comment.yaml", CANARY + "# " + "x" * 100000 + "\n")
refuse("yaml/duplicate-key.yaml", canary("intervalSeconds: 20", "intervalSeconds: 20\n    intervalSeconds: 30"),
       'duplicate key "intervalSeconds" (first defined at 24:5)')
refuse("yaml/duplicate-top-key.yaml", CANARY + "kind: Metric\n", 'duplicate key "kind" (first defined at 2:1)')
accept("yaml/multi-document.yaml", CANARY + "---\n" + canary("name: reviews-v2-canary", "name: second"))
accept("yaml/multi-document-with-others.yaml", MANIFEST + "---\n" + CANARY + "---\n" + METRIC + "...\n")
refuse("yaml/multi-document-one-broken.yaml", CANARY + "---\n" + "a: [unclosed\n", "did not find expected ',' or ']'")
accept("yaml/empty.yaml", "")
accept("yaml/only-comments.yaml", "# nothing here\n# nor here\n")
accept("yaml/only-separators.yaml", "---\n---\n...\n")
accept("yaml/crlf.yaml", CANARY.replace("\n", "\r\n"))
accept("yaml/cr-only.yaml", CANARY.replace("\n", "\r"))
refuse("yaml/tab-indent.yaml", CANARY.replace("  target:", "\ttarget:"), "found character that cannot start any token")
accept("yaml/tab-in-value.yaml", canary("route: reviews-route", "route: reviews-route\t"))
accept("yaml/bom-utf8.yaml", b"\xef\xbb\xbf" + CANARY.encode())
refuse("yaml/utf16-le-bom.yaml", b"\xff\xfe" + CANARY.encode("utf-16-le"), "not UTF-8 text")
refuse("yaml/utf16-be-bom.yaml", b"\xfe\xff" + CANARY.encode("utf-16-be"), "not UTF-8 text")
refuse("yaml/latin1.yaml", CANARY.encode("utf-8").replace(b"name: reviews-v2-canary", b"name: r\xe9views"), "not UTF-8 text")
refuse("yaml/invalid-utf8-comment.yaml", CANARY.encode() + b"# \xff\xfe\xfd\n", "not UTF-8 text")
refuse("yaml/nul-byte.yaml", CANARY.encode().replace(b"target:", b"tar\x00get:"), "control characters are not allowed (0x00)")
refuse("yaml/control-chars.yaml", canary("name: reviews-v2-canary", "name: \x07\x08"), "control characters are not allowed (0x07)")
accept("yaml/not-a-mapping.yaml", "- just\n- a\n- list\n")  # not an iter8 object: passed over
accept("yaml/scalar-document.yaml", "hello\n")
accept("yaml/kind-list.yaml", canary("kind: Experiment", "kind: [Experiment]"))  # see the report
refuse("yaml/spec-scalar.yaml", CANARY.split("spec:")[0] + "spec: 7\n", "spec")
refuse("yaml/spec-missing.yaml", CANARY.split("spec:")[0], "spec")
refuse("yaml/unknown-field.yaml", canary("  target:", "  targte: x\n  target:"), "spec.targte")
refuse("yaml/tag-binary.yaml", canary("name: reviews-v2-canary", "name: !!binary aGVsbG8="), "metadata.name")
accept("yaml/tag-custom.yaml", canary("intervalSeconds: 20", "intervalSeconds: !evil 20"))  # a local tag is ignored
refuse("yaml/syntax-error.yaml", CANARY + "  : : :\n", "did not find expected key")
refuse("yaml/unclosed-quote.yaml", canary("name: reviews-v2-canary", 'name: "reviews'), "did not find expected key")
accept("yaml/keys-quoted.yaml", canary("intervalSeconds: 20", '"intervalSeconds": 20'))
refuse("yaml/null-key.yaml", canary("  target:", "  ~: x\n  target:"), "spec.~: unknown field")
refuse("yaml/complex-key.yaml", canary("  target:", "  ? [a, b]\n  : x\n  target:"), "spec: mapping keys must be scalars")
accept("yaml/many-documents.yaml", "---\n" * 200000)

# ---------------------------------------------------------------------------------------------------------
# Files validate passes over: other kinds (manifests with odd weights) and status files.
for slug, first, second in [("negative", "-10", "110"), ("overflow", "9223372036854775807", "9223372036854775807"),
                            ("nan", ".nan", "0"), ("fraction", "50.5", "49.5"), ("string", '"lots"', "0"),
                            ("huge", HUGE_INT, "0")]:
    text = replace(MANIFEST, "weight: 100", f"weight: {first}")
    text = replace(text, "weight: 0", f"weight: {second}")
    accept(f"manifest/virtualservice-weight-{slug}.yaml", text)
accept("manifest/virtualservice-name-traversal.yaml", replace(MANIFEST, "name: reviews\n", "name: a/../../b\n"))
accept("manifest/virtualservice-no-http.yaml", MANIFEST.split("  http:")[0])
accept("manifest/other-apiversion-experiment.yaml", canary("apiVersion: iter8.tools/v2alpha2", "apiVersion: example.com/v1"))
refuse("manifest/iter8-unknown-version.yaml", canary("apiVersion: iter8.tools/v2alpha2", "apiVersion: iter8.tools/v9"),
       'apiVersion: expected iter8.tools/v2alpha2, found "iter8.tools/v9"')
# An iter8.tools document of another kind is passed over like any other object (see the report: a typo such
# as `Metrics` deserves a warning).
accept("manifest/iter8-unknown-kind.yaml", canary("kind: Experiment", "kind: Metrics"))


# ---------------------------------------------------------------------------------------------------------
# Status files (`*.status.yaml`): a status the service wrote (the fuzz seed of iteration 1 of the demo's
# canary), forged. `iter8 replay` must refuse or reproduce each, never trap or hang; `iter8 validate` passes
# over them (they are not Experiment or Metric files).
STATUS = open(os.path.join(ROOT, "Benchmarks/fuzz/corpus/StatusReplay/reviews-canary-iteration-1.yaml"), encoding="utf-8").read()
# The same iteration as an older build wrote it (bayes 1, no engineVersion): replay reports it as not replayed.
OLD_STATUS = open(os.path.join(ROOT, "Benchmarks/fuzz/corpus/StatusReplay/bayes1-reviews-canary-iteration-1.yaml"),
                  encoding="utf-8").read()
assert "engineVersion" not in OLD_STATUS and "engineVersion: 2" in STATUS
# What differs from one demo run to the next.
SEED = re.search(r"^seed: (\d+)$", STATUS, re.M).group(1)
TIME = re.search(r"^  time: (\S+)$", STATUS, re.M).group(1)
# The first version's observations (the demo's traffic differs from run to run): the first match is versions[0].
REQUESTS = re.search(r"^      requestCount: (\S+)$", STATUS, re.M).group(1)
EVENTS = re.search(r"^            events: (\S+)$", STATUS, re.M).group(1)
TRIALS = re.search(r"^            trials: (\S+)$", STATUS, re.M).group(1)
HISTOGRAM_SUM = re.search(r"^              sum: (\S+)$", STATUS, re.M).group(1)
BUCKET_3 = re.search(r"^              - upperBound: 10\.0\n                cumulativeCount: (\S+)$", STATUS, re.M).group(1)
COUNTER = re.search(r"^            _0: (\S+)$", STATUS, re.M).group(1)


def status(old, new):
    return replace(STATUS, old, new)


# Written by bayes 2 (engineVersion 2): bayes 3 integrates what version 2 drew, so replay reports it as not
# replayed (exit 0); the forged variants below are refused all the same, before any version is compared.
add("status/as-written.status.yaml", STATUS, 0,
    "not replayed: recorded by bayes version 2; this build runs version 3", "replay")
accept("status/validate-passes-over.status.yaml", STATUS)
# Records of another engine version are not differences (exit 0), but a forged input is refused whatever version
# the record names (exit 1, as for the current version).
add("status/bayes1-as-written.status.yaml", OLD_STATUS, 0,
    "not replayed: recorded by bayes version 1; this build runs version 3", "replay")
add("status/bayes1-current-weights-short.status.yaml",
    replace(OLD_STATUS, "      currentWeights:\n      - 80\n      - 20", "      currentWeights:\n      - 80"), 1,
    "current weights [80] must be 2 non-negative integers summing to 100", "replay")
STATUS_CASES = [
    ("request-count-nan", f"requestCount: {REQUESTS}", "requestCount: .nan"),
    ("events-nan", f"events: {EVENTS}", "events: .nan"),
    ("trials-negative", f"trials: {TRIALS}", f"trials: -{TRIALS}"),
    ("histogram-sum-inf", f"sum: {HISTOGRAM_SUM}", "sum: .inf"),
    ("bucket-count-minus-inf", f"upperBound: 10.0\n                cumulativeCount: {BUCKET_3}",
     "upperBound: 10.0\n                cumulativeCount: -.inf"),
    ("bucket-bound-nan", "upperBound: 1.0", "upperBound: .nan"),
    ("counter-1e308", f"_0: {COUNTER}", "_0: 1e308"),
    ("iteration-number-huge", "- number: 1", "- number: 9223372036854775807"),
    ("iteration-number-overflow", "- number: 1", "- number: 99999999999999999999"),
    ("completed-negative", "completedIterations: 1", "completedIterations: -5"),
    ("completed-huge", "completedIterations: 1", "completedIterations: 9223372036854775807"),
    ("weights-nan", "    reviews-v1: 60", "    reviews-v1: .nan"),
    ("weights-overflow", "    reviews-v1: 60\n    reviews-v2: 40", "    reviews-v1: 9223372036854775807\n    reviews-v2: 9223372036854775807"),
    ("sample-count-huge", "      sampleCount: 10000\n", "      sampleCount: 9223372036854775807\n"),
    ("sample-count-zero", "      sampleCount: 10000\n", "      sampleCount: 0\n"),
    ("sample-count-negative", "      sampleCount: 10000\n", "      sampleCount: -1\n"),
    ("confidence-nan", "      confidence: 0.95\n      winnerThreshold", "      confidence: .nan\n      winnerThreshold"),
    ("exploration-inf", "explorationShare: 0.1", "explorationShare: .inf"),
    ("minimum-requests-nan", "minimumRequests: 10.0", "minimumRequests: .nan"),
    ("max-weight-huge", "maxCandidateWeight: 100.0", "maxCandidateWeight: 1e308"),
    ("increment-nan", "maxCandidateWeightIncrement: 20.0", "maxCandidateWeightIncrement: .nan"),
    ("current-weights-huge", "      - 80\n      - 20", "      - 9223372036854775807\n      - 9223372036854775807"),
    ("current-weights-short", "      currentWeights:\n      - 80\n      - 20", "      currentWeights:\n      - 80"),
    ("limit-huge", "      upperLimit: 100.0\n", "      upperLimit: 1.7e308\n      lowerLimit: -1.7e308\n"),
    ("limit-nan", "      upperLimit: 100.0\n", "      upperLimit: .nan\n"),
    ("engine-unknown", "    engine: bayes", "    engine: magic"),
    ("phase-unknown", "phase: Running", "phase: Exploded"),
    ("seed-negative", f"seed: {SEED}", "seed: -1"),
    ("time-garbage", f"  time: {TIME}", "  time: yesterday"),
    ("kind-other", "kind: ExperimentStatus", "kind: Experiment"),
]
# What replay answers: the field and the rule (exit 64, as for any unusable argument: see the report), or a
# decision it cannot reproduce (exit 1).
INPUT = "iterations[0].input."
OBSERVED = INPUT + "versions[0].observations.iter8-istio/"
STATUS_ANSWERS = {
    "request-count-nan": (64, INPUT + "versions[0].requestCount: nan is not a finite number"),
    "events-nan": (64, OBSERVED + "error-rate.events: nan is not a finite number"),
    "trials-negative": (64, OBSERVED + f"error-rate.trials: -{TRIALS} is negative"),
    "histogram-sum-inf": (64, OBSERVED + "mean-latency.sum: inf is not a finite number"),
    "bucket-count-minus-inf": (64, OBSERVED + "mean-latency.buckets[3].cumulativeCount: -inf is not a finite number"),
    "bucket-bound-nan": (64, OBSERVED + "mean-latency.buckets[0].upperBound: nan is not a finite number"),
    "counter-1e308": (64, OBSERVED + "request-count.value: 1e+308 is above 1e+300 in magnitude"),
    "iteration-number-huge": (64, "iterations[0].number: 9223372036854775807 is above 1000000000"),
    "iteration-number-overflow": (64, "iterations[0].number: 99999999999999999999 is out of range for Int"),
    "completed-negative": (64, "state.completedIterations: -5 is negative"),
    "completed-huge": (64, "state.completedIterations: 9223372036854775807 is above 1000000000"),
    "weights-nan": (64, 'state.weights.reviews-v1: expected an integer, found ".nan"'),
    "weights-overflow": (64, "state.weights.reviews-v1: weight 9223372036854775807 is not a percentage (0 to 100)"),
    "sample-count-huge": (64, INPUT + "settings.sampleCount: 9223372036854775807 is not in 1…10,000,000"),
    "sample-count-zero": (64, INPUT + "settings.sampleCount: 0 is not in 1…10,000,000"),
    "sample-count-negative": (64, INPUT + "settings.sampleCount: -1 is not in 1…10,000,000"),
    "confidence-nan": (64, INPUT + "settings.confidence: nan is not a finite number"),
    "exploration-inf": (64, INPUT + "settings.explorationShare: inf is not a finite number"),
    "minimum-requests-nan": (64, INPUT + "settings.minimumRequests: nan is not a finite number"),
    "max-weight-huge": (64, INPUT + "settings.maxCandidateWeight: 1e+308 is above 1e+300 in magnitude"),
    "increment-nan": (64, INPUT + "settings.maxCandidateWeightIncrement: nan is not a finite number"),
    "current-weights-huge": (64, INPUT + "settings.currentWeights[0]: weight 9223372036854775807 is not a percentage"),
    "current-weights-short": (1, "current weights [80] must be 2 non-negative integers summing to 100"),
    "limit-huge": (64, INPUT + "objectives[0].upperLimit: 1.7e+308 is above 1e+300 in magnitude"),
    "limit-nan": (64, INPUT + "objectives[0].upperLimit: nan is not a finite number"),
    "engine-unknown": (1, 'unknown engine "magic" (known: bayes, iter8-v1)'),
    "phase-unknown": (64, "state.phase:"),
    "seed-negative": (64, "seed: -1 is out of range for UInt64"),
    "time-garbage": (64, 'iterations[0].time: expected an RFC 3339 timestamp, found "yesterday"'),
    # The kind is not checked (see the report); the decisions are still the service's own (bayes 2's: not replayed).
    "kind-other": (0, "not replayed: recorded by bayes version 2; this build runs version 3"),
}
for slug, old, new in STATUS_CASES:
    code, message = STATUS_ANSWERS[slug]
    add(f"status/{slug}.status.yaml", status(old, new), code, message, "replay")
add("status/truncated.status.yaml", STATUS.encode()[: len(STATUS) // 2], 64, "is not a status document", "replay")
add("status/empty.status.yaml", b"", 64, "is not a status document", "replay")

def write():
    for entry in os.listdir(HERE):
        path = os.path.join(HERE, entry)
        if os.path.isdir(path):
            shutil.rmtree(path)
    rows = []
    for name, content, command, exit_code, message in sorted(CASES):
        path = os.path.join(HERE, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
        rows.append(f"{name}\t{command}\t{'?' if exit_code is None else exit_code}\t{'?' if message is None else message}")
    with open(os.path.join(HERE, "expectations.tsv"), "w", encoding="utf-8") as handle:
        handle.write("# file\tcommand\texit\tmessage (generated by generate.py; `-` means accepted)\n")
        handle.write("\n".join(rows) + "\n")
    print(f"{len(CASES)} files")


if __name__ == "__main__":
    write()
