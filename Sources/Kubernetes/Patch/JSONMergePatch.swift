/// RFC 7386 JSON merge patch: objects merge member by member, `null` removes a member, anything else replaces.
public enum JSONMergePatch {
    /// Applies `patch` to `target` and returns the result.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value == .null {
                members[key] = nil
            } else {
                members[key] = apply(value, to: members[key] ?? .null)
            }
        }
        return .object(members)
    }
}
