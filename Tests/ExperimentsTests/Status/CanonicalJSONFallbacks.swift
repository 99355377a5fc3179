import Foundation

/// Values whose bytes only `JSONEncoder` determines (it merges, bridges, special-cases or refuses them), for which
/// ``CanonicalJSONEncoder`` must fall back.
enum CanonicalJSONFallbacks: String, CaseIterable, Sendable, CustomStringConvertible {
    case repeatedKey, kelvinSignAndK, composedAndDecomposed, superEncoderForKey, superEncoderOfArray, subclass, secondContainer,
         codingPathRead, staleContainer, data, url, decimal, silentAtTheTop, infiniteDate, nanDateInArray, pastTheNestingLimit,
         nearTheNestingLimit, swallowedThrowInObject, swallowedThrowInArray

    static let cases = allCases

    var description: String { rawValue }

    var value: any Encodable {
        switch self {
        case .repeatedKey: return Self.manual([("a", 1), ("b", 2), ("a", 3)])
        case .kelvinSignAndK: return Self.manual([("K", 1), ("\u{212A}", 2)])
        case .composedAndDecomposed: return Self.manual([("é", 1), ("x", 2), ("e\u{301}", 3)])
        case .superEncoderForKey: return [SuperUser(keyed: true)]
        case .superEncoderOfArray: return ["a": SuperUser(keyed: false)]
        case .subclass: return [Derived()]
        case .secondContainer: return SecondContainer()
        case .codingPathRead: return ["a": [PathReader()]]
        case .staleContainer: return StaleContainer()
        case .data: return ["data": Data([1, 2, 3])]
        case .url: return [URL(fileURLWithPath: "/tmp/a b")]
        case .decimal: return ["decimal": Decimal(string: "1.25") ?? 0]
        case .silentAtTheTop: return KitchenSink.Silent()
        case .infiniteDate: return ["time": Date(timeIntervalSince1970: .infinity)]
        case .nanDateInArray: return [Date(timeIntervalSinceReferenceDate: .nan)]
        case .pastTheNestingLimit: return Self.nested(520)
        case .nearTheNestingLimit: return Self.nested(505)
        case .swallowedThrowInObject: return ["x": Swallower(keyed: true)]
        case .swallowedThrowInArray: return [Swallower(keyed: false)]
        }
    }

    static func manual(_ pairs: [(String, Double)]) -> KitchenSink.Manual {
        KitchenSink.Manual(pairs: pairs, texts: ["x"], flag: true)
    }

    /// `depth` arrays inside each other around a 1, built without recursion.
    static func nested(_ depth: Int) -> Nested { Nested(depth: depth) }

    struct Nested: Encodable {
        var depth: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            for _ in 1..<depth { container = container.nestedUnkeyedContainer() }
            try container.encode(1)
        }
    }

    struct SuperUser: Encodable {
        var keyed: Bool

        func encode(to encoder: any Encoder) throws {
            if keyed {
                var container = encoder.container(keyedBy: KitchenSink.Manual.Key.self)
                try container.encode(1, forKey: .init("own"))
                try KitchenSink.Leaf(name: "super", value: 2, tags: nil).encode(to: container.superEncoder())
            } else {
                var container = encoder.unkeyedContainer()
                try container.encode(1)
                try KitchenSink.Leaf(name: "super", value: 2, tags: nil).encode(to: container.superEncoder())
            }
        }
    }

    class Base: Encodable {
        var base = 1
    }

    final class Derived: Base {
        var derived = "two"

        enum Keys: CodingKey { case derived }

        override func encode(to encoder: any Encoder) throws {
            try super.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(derived, forKey: .derived)
        }
    }

    /// Two keyed containers from one encoder (JSONEncoder merges them into one object).
    struct SecondContainer: Encodable {
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: KitchenSink.Manual.Key.self)
            try first.encode(1, forKey: .init("b"))
            var second = encoder.container(keyedBy: KitchenSink.Manual.Key.self)
            try second.encode(2, forKey: .init("a"))
        }
    }

    struct PathReader: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(encoder.codingPath.map(\.stringValue).joined(separator: "."))
        }
    }

    /// A member whose value throws, the error swallowed (`try?`): JSONEncoder leaves the member out.
    struct Swallower: Encodable {
        var keyed: Bool

        struct Thrower: Encodable, Error {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: KitchenSink.Manual.Key.self)
                try container.encode(1, forKey: .init("partial"))
                throw self
            }
        }

        func encode(to encoder: any Encoder) throws {
            if keyed {
                var container = encoder.container(keyedBy: KitchenSink.Manual.Key.self)
                try? container.encode(Thrower(), forKey: .init("a"))
                try container.encode(1, forKey: .init("b"))
            } else {
                var container = encoder.unkeyedContainer()
                try? container.encode(Thrower())
                try container.encode(1)
            }
        }
    }

    /// Writes to a nested container after a sibling was started (JSONEncoder keeps both open).
    struct StaleContainer: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: KitchenSink.Manual.Key.self)
            var first = container.nestedUnkeyedContainer(forKey: .init("first"))
            try first.encode(1)
            var second = container.nestedUnkeyedContainer(forKey: .init("second"))
            try second.encode(2)
            try first.encode(3)
        }
    }
}
