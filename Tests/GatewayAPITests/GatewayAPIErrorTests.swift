import GatewayAPI
import Testing

@Suite struct GatewayAPIErrorTests {
    @Test func describesTheRouteAndTheCause() {
        let error = GatewayAPIError(.kubernetes, "patching the weights failed", httpRoute: "bookinfo/reviews", cause: "409")
        #expect(error.description == "HTTPRoute bookinfo/reviews: patching the weights failed (409)")
    }
}
