import Experiments
import GatewayAPI
import Testing

/// GatewayAPIError's classification: a failed Kubernetes call or read-back is transient; an HTTPRoute without the
/// rule or backendRefs the spec names needs a change.
@Suite struct GatewayAPIErrorFailureTests {
    @Test func transientOnlyForTheKubernetesCallAndTheReadBack() {
        for code in [GatewayAPIError.Code.kubernetes, .verificationFailed] {
            let failure = ExternalFailure.of(GatewayAPIError(code, "m"), calling: .prometheus)
            #expect(failure.system == .kubernetes && failure.transient, "\(code)")
        }
        for code in [GatewayAPIError.Code.ruleNotFound, .backendRefNotFound, .invalidSplit] {
            #expect(!ExternalFailure.of(GatewayAPIError(code, "m"), calling: .kubernetes).transient, "\(code)")
        }
    }
}
