import Experiments
import Istio
import Testing

/// IstioError's classification: a failed Kubernetes call or read-back is transient; a VirtualService without what
/// the spec names needs a change.
@Suite struct IstioErrorFailureTests {
    @Test func transientOnlyForTheKubernetesCallAndTheReadBack() {
        for code in [IstioError.Code.kubernetes, .verificationFailed] {
            let failure = ExternalFailure.of(IstioError(code, "m"), calling: .prometheus)
            #expect(failure.system == .kubernetes && failure.transient, "\(code)")
        }
        for code in [IstioError.Code.routeNotFound, .subsetNotFound, .invalidSplit, .unsupportedAPIVersion] {
            #expect(!ExternalFailure.of(IstioError(code, "m"), calling: .kubernetes).transient, "\(code)")
        }
    }
}
