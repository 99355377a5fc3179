import Experiments

/// The spec files the benchmark runs, as users write them (YAML text, `iter8.tools/v2alpha2`), and the
/// Metric file of the A/B/n reward.
enum SpecTexts {
    static let namespace = "shop"

    static func versionBlock(_ name: String, indent: String) -> String {
        """
        \(indent)name: \(name)
        \(indent)variables:
        \(indent)- name: namespace
        \(indent)  value: \(namespace)
        """
    }

    static func analysis(_ engine: AnalysisEngineKind) -> String {
        engine == .bayes ? "" : "\n  analysis:\n    engine: \(engine.rawValue)"
    }

    static func latencyObjective(_ objective: Scenario.LatencyObjective) -> String {
        switch objective {
        case .mean: "    - metric: iter8-istio/mean-latency\n      upperLimit: \(Int(Scenario.meanLatencyLimit))"
        case .p95: "    - metric: iter8-istio/latency-95th-percentile\n      upperLimit: \(Int(Scenario.p95LatencyLimit))"
        }
    }

    /// The canary spec: error rate ≤ 1 %, a latency objective, 10 iterations of 20 s, steps of at most 10 points.
    static func canary(engine: AnalysisEngineKind, latency: Scenario.LatencyObjective) -> String {
        """
        apiVersion: iter8.tools/v2alpha2
        kind: Experiment
        metadata:
          name: checkout-canary
          namespace: \(namespace)
        spec:
          target: \(namespace)/checkout
          strategy:
            testingPattern: Canary
            deploymentPattern: Progressive
            weights:
              maxCandidateWeightIncrement: 10
          criteria:
            requestCount: iter8-istio/request-count
            objectives:
            - metric: iter8-istio/error-rate
              upperLimit: "\(Scenario.errorRateLimit)"
        \(latencyObjective(latency))
          duration:
            intervalSeconds: 20
            iterationsPerLoop: 10
          versionInfo:
            baseline:
        \(versionBlock("checkout-v1", indent: "      "))
            candidates:
            - \(versionBlock("checkout-v2", indent: "      ").dropFirst(6))
          routing:
            virtualService:
              name: checkout
            route: checkout-route\(analysis(engine))

        """
    }

    /// The A/B/n spec (three versions, reward `shop/conversion-rate`, High; error rate ≤ 1 %).
    static func abn(engine: AnalysisEngineKind) -> String {
        """
        apiVersion: iter8.tools/v2alpha2
        kind: Experiment
        metadata:
          name: checkout-abn
          namespace: \(namespace)
        spec:
          target: \(namespace)/checkout
          strategy:
            testingPattern: A/B/N
            deploymentPattern: Progressive
            weights:
              maxCandidateWeightIncrement: 10
          criteria:
            requestCount: iter8-istio/request-count
            rewards:
            - metric: \(namespace)/conversion-rate
              preferredDirection: High
            objectives:
            - metric: iter8-istio/error-rate
              upperLimit: "\(Scenario.errorRateLimit)"
          duration:
            intervalSeconds: 20
            iterationsPerLoop: 10
          versionInfo:
            baseline:
        \(versionBlock("checkout-v1", indent: "      "))
            candidates:
            - \(versionBlock("checkout-v2", indent: "      ").dropFirst(6))
            - \(versionBlock("checkout-v3", indent: "      ").dropFirst(6))
          routing:
            virtualService:
              name: checkout
            route: checkout-route\(analysis(engine))

        """
    }

    /// The conformance spec: one version, no routing, the canary's objectives.
    static func conformance(engine: AnalysisEngineKind) -> String {
        """
        apiVersion: iter8.tools/v2alpha2
        kind: Experiment
        metadata:
          name: checkout-conformance
          namespace: \(namespace)
        spec:
          target: \(namespace)/checkout
          strategy:
            testingPattern: Conformance
          criteria:
            requestCount: iter8-istio/request-count
            objectives:
            - metric: iter8-istio/error-rate
              upperLimit: "\(Scenario.errorRateLimit)"
        \(latencyObjective(.mean))
          duration:
            intervalSeconds: 20
            iterationsPerLoop: 10
          versionInfo:
            baseline:
        \(versionBlock("checkout-v1", indent: "      "))\(analysis(engine))

        """
    }

    /// The reward's Metric file: conversions per request since the experiment started.
    static let rewardMetric = """
        apiVersion: iter8.tools/v2alpha2
        kind: Metric
        metadata:
          name: conversion-rate
          namespace: \(namespace)
        spec:
          type: Gauge
          description: Orders per request
          sampleSize: iter8-istio/request-count
          provider: prometheus
          params:
          - name: query
            value: >-
              sum(increase(orders_total{destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s]))
              / sum(increase(istio_requests_total{reporter='source',destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s]))

        """

    /// The reward's counts, for the ratio model the Metric file's gauge stands for (orders of requests).
    static let rewardEvents = QueryTemplate(
        "sum(increase(orders_total{destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s]))"
            + " or on() vector(0)")
    static let rewardTrials = QueryTemplate(
        "sum(increase(istio_requests_total{reporter='source',destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s]))")
}
