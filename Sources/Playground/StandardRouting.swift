import GatewayAPI
import Istio
import Routing

/// The routing plug-ins the service runs with: one per ``Experiments/RoutingKind`` it routes by. `iter8 run`,
/// `iter8 demo` and the tests wire the same list; a new routing kind is added here.
public enum StandardRouting {
    /// Every plug-in, one per kind.
    public static var plugins: [any RoutingPlugin] { [IstioRouting(), GatewayAPIRouting()] }
}
