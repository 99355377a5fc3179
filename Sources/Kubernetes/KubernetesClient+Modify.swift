extension KubernetesClient {
    /// Read–modify–write with optimistic concurrency: GETs the object, lets `change` edit it, and PUTs it with the
    /// `resourceVersion` that was read. On a 409 Conflict (someone else wrote in between) it starts over, up to
    /// `attempts` times in all. When `change` leaves the object as it was, nothing is written.
    ///
    /// - Returns: the object as stored after the write (or as read, when nothing changed).
    /// - Throws: the last ``KubeError`` `.conflict` when every attempt lost the race; any other error at once.
    @discardableResult
    public func modify(
        _ type: ResourceType, namespace: String?, name: String, attempts: Int = 5,
        _ change: (inout JSONValue) async throws -> Void
    ) async throws -> JSONValue {
        var attempt = 0
        while true {
            attempt += 1
            let current = try await get(type, namespace: namespace, name: name)
            var edited = current
            try await change(&edited)
            if edited == current { return current }
            if edited["metadata"] == nil { edited["metadata"] = [:] }
            edited["metadata"]?["resourceVersion"] = current["metadata"]?["resourceVersion"]
            do {
                return try await update(type, namespace: namespace, object: edited)
            } catch let error as KubeError where error.code == .conflict && attempt < max(1, attempts) {
                continue
            }
        }
    }
}
