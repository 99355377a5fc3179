import Experiments
import Kubernetes
import PromQL
import Routing
import Testing

/// Failures are classified from the adapters' typed errors (which system, transient or not), never from their text.
@Suite struct ExternalFailureTests {
    struct Untyped: Error, CustomStringConvertible {
        var description: String { "cannot reach the cluster: something" }
    }

    @Test func kubernetesErrorsAreTransientOnlyWhenARetryMayHelp() {
        let unavailable = ExternalFailure.of(KubeError(code: .unavailable, message: "down"), calling: .prometheus)
        #expect(unavailable.system == .kubernetes && unavailable.transient)
        #expect(ExternalFailure.of(KubeError(code: .conflict, message: "stale"), calling: .kubernetes).transient)
        for code in [KubeError.Code.notFound, .forbidden, .invalid, .unauthorized, .configuration] {
            #expect(!ExternalFailure.of(KubeError(code: code, message: "no"), calling: .kubernetes).transient, "\(code)")
        }
        let error = KubeError(code: .notFound, httpStatus: 404, message: "virtualservices reviews not found")
        #expect(ExternalFailure.of(error, calling: .kubernetes).message == "\(error)")
    }

    @Test func prometheusErrorsAreTransientWhenTheServerFailedNotTheQuery() {
        func failure(_ code: PrometheusError.Code, status: Int? = nil) -> ExternalFailure {
            .of(PrometheusError(code: code, message: "m", httpStatus: status), calling: .kubernetes)
        }
        #expect(failure(.unreachable).system == .prometheus)
        #expect(failure(.unreachable).transient && failure(.queryFailed).transient && failure(.httpStatus, status: 503).transient)
        #expect(failure(.httpStatus, status: 429).transient)
        #expect(!failure(.httpStatus, status: 401).transient && !failure(.badQuery).transient)
        #expect(!failure(.invalidTemplate).transient && !failure(.unexpectedResult).transient)
    }

    @Test func analysisAndRoutingErrorsNameTheirSystem() {
        let analysis = ExternalFailure.of(AnalysisError(.invalidSettings, "confidence 2"), calling: .prometheus)
        #expect(analysis.system == .analysis && !analysis.transient)
        #expect(ExternalFailure.of(AnalysisError(.implausibleObservation, "NaN"), calling: .prometheus).transient)
        let routing = ExternalFailure.of(RoutingError(.unsupportedKind, "no plug-in"), calling: .prometheus)
        #expect(routing.system == .kubernetes && !routing.transient)
    }

    @Test func anUntypedErrorIsATransientFailureOfTheSystemCalledWhateverItSays() {
        let failure = ExternalFailure.of(Untyped(), calling: .prometheus)
        #expect(failure.system == .prometheus && failure.transient)
        #expect(failure.message == "cannot reach the cluster: something")
    }
}
