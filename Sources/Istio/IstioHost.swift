/// Istio host names as a VirtualService or DestinationRule in a namespace means them.
enum IstioHost {
    /// The fully qualified form: a short name `reviews` in namespace `bookinfo` is
    /// `reviews.bookinfo.svc.cluster.local`; `reviews.bookinfo.svc` gains `.cluster.local`; anything else
    /// (an FQDN, a wildcard, an external host) stays as written. Lower-cased.
    static func qualified(_ host: String, namespace: String?) -> String {
        let host = host.lowercased()
        if !host.utf8.contains(UInt8(ascii: ".")), let namespace, !host.utf8.contains(UInt8(ascii: "*")) {
            return "\(host).\(namespace.lowercased()).svc.cluster.local"
        }
        if host.hasSuffix(".svc") { return host + ".cluster.local" }
        return host
    }

    /// Whether two hosts name the same service, each read in its own object's namespace.
    static func same(_ a: String, namespace aNamespace: String?, _ b: String, namespace bNamespace: String?) -> Bool {
        qualified(a, namespace: aNamespace) == qualified(b, namespace: bNamespace)
    }
}
