import Foundation

/// A value of every container and scalar kind an `Encoder` sees, for the canonical JSON tests: every integer
/// width, both floating-point types, optionals (absent, `null`, and `nil` inside an optional), arrays of each
/// scalar (Foundation writes some of those without containers), nested arrays, dictionaries keyed by strings and
/// by integers, enums with and without payloads, single-value wrappers, values that encode nothing or an empty
/// container, and a hand-written `encode(to:)` that uses nested keyed and unkeyed containers and `encodeNil`.
struct KitchenSink: Encodable {
    var int: Int
    var int8: Int8
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var uint: UInt
    var uint8: UInt8
    var uint16: UInt16
    var uint32: UInt32
    var uint64: UInt64
    var int128: Int128?
    var uint128: UInt128?
    var float: Float
    var double: Double
    var bool: Bool
    var string: String
    var date: Date
    var optionalDouble: Double?
    var optionalString: String?
    var doubleOptional: Int??
    var leaf: Leaf?
    var doubles: [Double]
    var ints: [Int]
    var strings: [String]
    var bools: [Bool]
    var optionals: [Double?]
    var dates: [Date]
    var optionalDates: [Date?]
    var floats: [Float]
    var uint64s: [UInt64]
    var int8s: [Int8]
    var nestedArrays: [[Double]]
    var dictionary: [String: Double]
    var intKeyed: [Int: String]
    var nestedDictionary: [String: [String: Int]]
    var dictionaryOfArrays: [String: [Double?]]
    var leaves: [Leaf]
    var empty: Empty
    var silent: Silent
    var manual: Manual
    var shapes: [Shape]
    var kind: Kind
    var wrapper: Wrapper
    var child: [KitchenSink]

    struct Leaf: Encodable {
        var name: String
        var value: Double?
        var tags: [String]?
    }

    /// No stored properties: an empty keyed container.
    struct Empty: Encodable {}

    /// Encodes nothing at all (Foundation writes `{}` for it, and refuses it at the top level).
    struct Silent: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    /// A single value: a double.
    struct Wrapper: Encodable {
        var value: Double

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    enum Kind: String, Encodable, CaseIterable {
        case plain
        case slashed = "A/B/N"
        case quoted = "say \"hi\"\n"
    }

    enum Shape: Encodable {
        case none
        case point(Double)
        case pair(x: Double, y: Double?)
        case labelled(String, count: Int)
        case nested(Leaf)
        case list([Double])
    }

    /// Keys chosen at run time, nested keyed and unkeyed containers, explicit nulls, single values inside arrays.
    struct Manual: Encodable {
        var pairs: [(String, Double)]
        var texts: [String]
        var flag: Bool

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeNil(forKey: Key("explicit null"))
            try container.encode(flag, forKey: Key("flag"))
            var byKey = container.nestedContainer(keyedBy: Key.self, forKey: Key("pairs"))
            for (key, value) in pairs { try byKey.encode(value, forKey: Key(key)) }
            var list = container.nestedUnkeyedContainer(forKey: Key("list"))
            try list.encodeNil()
            try list.encode(flag)
            for text in texts { try list.encode(text) }
            var inner = list.nestedContainer(keyedBy: Key.self)
            try inner.encode(texts.count, forKey: Key("count"))
            try inner.encodeIfPresent(texts.first, forKey: Key("first"))
            try inner.encodeIfPresent(Double?.none, forKey: Key("absent"))
            var innerList = list.nestedUnkeyedContainer()
            try innerList.encode(UInt8(7))
            try innerList.encode(Float(0.25))
            try innerList.encode(-0.0)
            try list.encode(Int16(-3))
            try list.encode(Date(timeIntervalSince1970: -0.5))
            try container.encode(Int32(texts.count), forKey: Key("count"))
            try container.encode(texts, forKey: Key("texts"))
        }
    }
}
