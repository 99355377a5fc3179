/// A set of fields of a JSON value, as a tree: what a reader reads of an object, so that a copy kept for that reader
/// can drop the rest (``JSONValue/projected(onto:)``).
///
/// Written as a dictionary literal: `["metadata": ["name": .all], "status": .all]` keeps `metadata.name` and the
/// whole `status`. Members of an array's objects are selected element by element.
public indirect enum JSONFieldSet: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// The value whole.
    case all
    /// Of an object, only these members, each by its own set; of an array, that selection of each element.
    case members([String: JSONFieldSet])

    /// The members given.
    public init(dictionaryLiteral elements: (String, JSONFieldSet)...) {
        self = .members(Dictionary(elements, uniquingKeysWith: { $0.union($1) }))
    }

    /// The fields of either set.
    public func union(_ other: JSONFieldSet) -> JSONFieldSet {
        switch (self, other) {
        case (.all, _), (_, .all): .all
        case (.members(let mine), .members(let theirs)): .members(mine.merging(theirs) { $0.union($1) })
        }
    }
}

extension JSONValue {
    /// This value with only the fields of `fields`: an object keeps the members `fields` names (a member it lacks
    /// stays absent), an array applies `fields` to each element, and a scalar where `fields` expects an object is
    /// kept as it is. Values kept whole are shared with this one, not copied.
    public func projected(onto fields: JSONFieldSet) -> JSONValue {
        guard case .members(let wanted) = fields else { return self }
        switch self {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            kept.reserveCapacity(min(members.count, wanted.count))
            for (key, subfields) in wanted {
                if let value = members[key] { kept[key] = value.projected(onto: subfields) }
            }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map { $0.projected(onto: fields) })
        default:
            return self
        }
    }
}
