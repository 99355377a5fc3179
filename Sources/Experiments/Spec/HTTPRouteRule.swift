/// Ours: a rule of a Gateway API HTTPRoute, and how each version appears among its `backendRefs`.
public struct HTTPRouteRule: Hashable, Sendable {
    /// HTTPRoute name.
    public var name: String
    /// HTTPRoute namespace.
    public var namespace: String
    /// Which rule of `spec.rules` carries the experiment.
    public var rule: Selector
    /// Per version name, its backendRef; a version not listed is the backendRef named after the version.
    public var backendRefs: [String: BackendRef]

    /// Creates a rule reference.
    public init(name: String, namespace: String, rule: Selector = .covering, backendRefs: [String: BackendRef] = [:]) {
        self.name = name
        self.namespace = namespace
        self.rule = rule
        self.backendRefs = backendRefs
    }

    /// How the rule is chosen.
    public enum Selector: Hashable, Sendable {
        /// The rule whose `name` is this (Gateway API v1.2 `rules[].name`).
        case named(String)
        /// The rule at this index of `spec.rules`.
        case index(Int)
        /// The one rule whose backendRefs cover every version (more than one is an error, never a guess).
        case covering
    }

    /// A backendRef selector: a version's backend is the backendRef with this name (and namespace and port, when given).
    public struct BackendRef: Hashable, Sendable {
        /// The referenced object's name (a Service).
        public var name: String
        /// Its namespace, when the backendRef names one.
        public var namespace: String?
        /// Its port, when more than one backendRef names the same Service.
        public var port: Int?

        /// Creates a selector.
        public init(name: String, namespace: String? = nil, port: Int? = nil) {
            self.name = name
            self.namespace = namespace
            self.port = port
        }
    }

    /// `version`'s selector: the one given, or the backendRef named after the version.
    public func backendRef(of version: String) -> BackendRef {
        backendRefs[version] ?? BackendRef(name: version)
    }
}
