import Experiments
import Foundation
import Testing

@Suite("Query templates")
struct QueryTemplateTests {
    @Test func rendersBothPlaceholderForms() throws {
        let template = QueryTemplate("sum(x{w='$name',ns='${namespace}'}[${elapsedTime}s]) $$5")
        #expect(try template.render(["name": "reviews-v2", "namespace": "bookinfo", "elapsedTime": "60"])
            == "sum(x{w='reviews-v2',ns='bookinfo'}[60s]) $5")
        #expect(try template.placeholders() == ["name", "namespace", "elapsedTime"])
    }

    @Test func unknownPlaceholdersFailLoudlyAndAreAllNamed() {
        let template = QueryTemplate("a{x='$cluster'} / b{y='${region}'} / c{z='$cluster'}")
        #expect(throws: QueryTemplate.RenderError(unknown: ["cluster", "region"], malformed: nil)) {
            try template.render(["name": "v1"])
        }
        // The check without rendering names the same placeholders, in the same order.
        #expect(template.unknownPlaceholders(["name"]) == ["cluster", "region"])
        #expect(template.unknownPlaceholders(["name", "region"]) == ["cluster"])
        #expect(template.unknownPlaceholders(["cluster", "region"]).isEmpty)
        #expect(QueryTemplate("x ${na-me}").unknownPlaceholders([]).isEmpty)  // malformed: render reports it
    }

    @Test func aDollarBeforeAnythingButANameIsLiteral() throws {
        #expect(try QueryTemplate("label_replace(x, \"a\", \"$1\", \"b\", \"(.*)$\")").render([:])
            == "label_replace(x, \"a\", \"$1\", \"b\", \"(.*)$\")")
    }

    @Test(arguments: ["${name", "${}", "${1x}", "x ${na-me}"])
    func malformedBracesAreErrors(text: String) {
        #expect(throws: QueryTemplate.RenderError.self) { try QueryTemplate(text).render(["name": "v"]) }
    }
}

@Suite("Built-in Istio metrics")
struct BuiltinMetricTests {
    let values = ["name": "reviews-v2", "namespace": "bookinfo", "elapsedTime": "120"]

    @Test func requestCountIsIter8sExactQuery() throws {
        let metric = try #require(BuiltinMetrics.named("request-count"))
        #expect(try metric.query.render(values)
            == "sum(increase(istio_requests_total{reporter='source',destination_workload='reviews-v2',"
            + "destination_workload_namespace='bookinfo'}[120s]))")
    }

    @Test func errorRateIsModelledOnCounts() throws {
        let metric = try #require(BuiltinMetrics.named("error-rate"))
        guard case .ratio(let events, let trials) = metric.model else {
            Issue.record("error-rate must be a ratio of counts")
            return
        }
        #expect(try events.render(values).contains("response_code=~'5..'"))
        #expect(try trials.render(values) == (try BuiltinMetrics.named("request-count")!.query.render(values)))
        #expect(try metric.query.render(values).hasPrefix("(sum(increase(istio_requests_total{response_code=~'5..',reporter='source'"))
    }

    @Test func percentilesComeFromTheDurationHistogram() throws {
        let p95 = try #require(BuiltinMetrics.named("latency-95th-percentile"))
        #expect(try p95.query.render(values).hasPrefix("histogram_quantile(0.95, sum(increase(istio_request_duration_milliseconds_bucket{"))
        #expect(p95.model == .histogramQuantile(0.95, buckets: BuiltinMetrics.buckets))
        #expect(BuiltinMetrics.all.map(\.name) == [
            "request-count", "error-count", "error-rate", "mean-latency", "le500ms-latency-percentile",
            "latency-50th-percentile", "latency-90th-percentile", "latency-95th-percentile", "latency-99th-percentile",
        ])
    }

    @Test func everyBuiltinRendersWithNameNamespaceAndElapsedTime() throws {
        for metric in BuiltinMetrics.all {
            for (_, template) in metric.templates {
                let rendered = try template.render(values)
                #expect(!rendered.contains("$"), "\(metric.name)")
            }
        }
    }
}

@Suite("Metric files and references")
struct MetricCatalogTests {
    static func metricFile(_ spec: String, name: String = "books-purchased", namespace: String = "bookinfo") throws -> MetricDocument {
        try JSONDecoder().decode(MetricDocument.self, from: Data("""
            {"apiVersion": "iter8.tools/v2alpha2", "kind": "Metric", "metadata": {"name": "\(name)", "namespace": "\(namespace)"}, "spec": \(spec)}
            """.utf8))
    }

    @Test func validatesAMetricFile() throws {
        let outcome = MetricValidator.validate(try Self.metricFile(#"""
            {"type": "Counter", "units": "books", "params": [{"name": "query", "value": "sum(increase(books_purchased_total{destination_workload='$name'}[${elapsedTime}s]))"}],
             "provider": "prometheus", "jqExpression": ".data.result[0].value[1] | tonumber"}
            """#))
        let metric = try #require(outcome.metric)
        #expect(metric.type == .counter)
        #expect(metric.model == .counter)
        #expect(outcome.issues.map(\.description) == ["spec.jqExpression: ignored: queries go to the Prometheus the service is configured with"])
    }

    @Test(arguments: [
        (#"{"params": []}"#, "spec.params", "missing the parameter named query"),
        (#"{"type": "Histogram", "params": [{"name": "query", "value": "x"}]}"#, "spec.type", "expected one of Counter, Gauge"),
        (#"{"params": [{"name": "query", "value": "x{a='${oops'}"}]}"#, "spec.params[0].value", "malformed placeholder"),
        (#"{"params": [{"name": "query", "value": "x"}], "mock": [{"name": "v1", "level": "5"}]}"#, "spec.mock", "not supported"),
    ])
    func rejectsBadMetricFiles(spec: String, path: String, message: String) throws {
        let outcome = MetricValidator.validate(try Self.metricFile(spec))
        #expect(outcome.metric == nil)
        #expect(outcome.issues.contains { $0.path.description == path && $0.message.contains(message) }, "\(outcome.issues)")
    }

    @Test func resolvesFilesBeforeBuiltinsAndChecksPlaceholders() throws {
        let books = try #require(MetricValidator.validate(try Self.metricFile(#"""
            {"params": [{"name": "query", "value": "sum(books{w='$name',cluster='$cluster'})"}]}
            """#)).metric)
        let catalog = MetricCatalog([books])
        let json = SpecFixtures.canary(strategy: #"{"testingPattern": "A/B"}"#).replacingOccurrences(
            of: #""requestCount""#, with: #""rewards": [{"metric": "books-purchased", "preferredDirection": "High"}], "requestCount""#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        let (metrics, issues) = catalog.resolve(experiment)
        #expect(metrics["iter8-istio/mean-latency"]?.name == "mean-latency")
        #expect(metrics["books-purchased"]?.namespace == "bookinfo")
        #expect(issues.count == 2)  // $cluster is defined by neither version
        #expect(issues.allSatisfy { $0.path.description == "spec.criteria.rewards[0].metric" && $0.message.contains("$cluster") })
    }

    @Test func aMissingMetricIsAnError() throws {
        let json = SpecFixtures.canary().replacingOccurrences(of: "iter8-istio/mean-latency", with: "team/p42-latency")
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        let issues = MetricCatalog().resolve(experiment).issues
        #expect(issues.map(\.description) == [
            "spec.criteria.objectives[0].metric: no Metric \"team/p42-latency\" in the repository and no built-in metric of that name",
        ])
    }
}
