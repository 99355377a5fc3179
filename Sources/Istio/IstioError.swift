/// Why a VirtualService cannot carry an experiment's split, or why applying one failed: a code to branch
/// on and a message naming the VirtualService, the HTTP route and the version concerned.
public struct IstioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// No HTTP route matches (the named route is missing, or none covers every version).
        public static let routeNotFound = Code("routeNotFound")
        /// More than one HTTP route could be the experiment's route.
        public static let ambiguousRoute = Code("ambiguousRoute")
        /// A version has no destination in the route.
        public static let destinationNotFound = Code("destinationNotFound")
        /// Several destinations of the route match one version, or one destination matches several versions.
        public static let ambiguousDestination = Code("ambiguousDestination")
        /// A destination of the route belongs to no version yet carries traffic (a split would take it away).
        public static let unassignedDestination = Code("unassignedDestination")
        /// A destination's subset is not defined by any DestinationRule for its host.
        public static let subsetNotFound = Code("subsetNotFound")
        /// A `weightObjRef` field path does not name the `weight` of an existing route destination.
        public static let invalidFieldPath = Code("invalidFieldPath")
        /// A split is not integers 0–100 summing to 100 over exactly the experiment's versions.
        public static let invalidSplit = Code("invalidSplit")
        /// The object is not a VirtualService (or DestinationRule) of the expected shape.
        public static let invalidObject = Code("invalidObject")
        /// A destination in a manifest has no `weight:` key to rewrite.
        public static let missingWeight = Code("missingWeight")
        /// No document of the manifest declares the VirtualService, or several do.
        public static let manifestDocumentNotFound = Code("manifestDocumentNotFound")
        /// A manifest file is not UTF-8 text: it is refused rather than re-encoded (every byte outside an edit must stay).
        public static let notUTF8 = Code("notUTF8")
        /// The server serves none of the `networking.istio.io` versions this module speaks.
        public static let unsupportedAPIVersion = Code("unsupportedAPIVersion")
        /// After patching, the VirtualService read back with other weights.
        public static let verificationFailed = Code("verificationFailed")
        /// The Kubernetes API call failed; see ``IstioError/cause``.
        public static let kubernetes = Code("kubernetes")

        /// The code's name.
        public var description: String { value }
    }

    /// What went wrong.
    public var code: Code
    /// A sentence naming the object, the route and the version.
    public var message: String
    /// `namespace/name` of the VirtualService (or manifest file) concerned, if known.
    public var virtualService: String?
    /// The HTTP route's name (or `http[i]` when unnamed), if known.
    public var route: String?
    /// The version concerned, if one.
    public var version: String?
    /// The underlying error's description (a Kubernetes or YAML error), if any.
    public var cause: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, virtualService: String? = nil, route: String? = nil, version: String? = nil,
        cause: String? = nil
    ) {
        self.code = code
        self.message = message
        self.virtualService = virtualService
        self.route = route
        self.version = version
        self.cause = cause
    }

    /// `istio <code>: VirtualService ns/name, route r, version v: message (cause)`.
    public var description: String {
        var context: [String] = []
        if let virtualService { context.append("VirtualService \(virtualService)") }
        if let route { context.append("route \(route)") }
        if let version { context.append("version \(version)") }
        var text = "istio \(code)"
        if !context.isEmpty { text += " (" + context.joined(separator: ", ") + ")" }
        text += ": " + message
        if let cause { text += " — caused by: " + cause }
        return text
    }
}
