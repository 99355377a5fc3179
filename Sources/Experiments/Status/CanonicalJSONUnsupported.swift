/// Thrown inside ``CanonicalJSONEncoder`` when a value needs what only `JSONEncoder` reproduces; the caller then
/// encodes the whole value with `JSONEncoder`.
struct CanonicalJSONUnsupported: Error, Sendable {
    /// What the value did.
    var reason: String
}
