import Foundation
import Testing
import YAML

private struct Status: Codable, Equatable {
    struct Condition: Codable, Equatable {
        var type: String
        var status: String
        var reason: String?
        var message: String?
        var lastTransitionTime: Date
    }
    var phase: String
    var weights: [String: Int]
    var conditions: [Condition]
    var notes: [String]
    var ratio: Double
    var seed: UInt64
    var enabled: Bool
    var nickname: String?
    var dashboard: URL
}

private let status = Status(
    phase: "Progressing",
    weights: ["v2": 20, "v1": 80, "z": 0, "a": 0],
    conditions: [
        .init(type: "Ready", status: "True", reason: nil, message: "line one\nline two\n",
              lastTransitionTime: Date(timeIntervalSince1970: 1_795_750_766)),
        .init(type: "Completed", status: "false", reason: "", message: "a: b # not a comment",
              lastTransitionTime: Date(timeIntervalSince1970: 1_795_750_766.25)),
    ],
    notes: ["true", "10", "null", "1.5", "", "~", "yes", "0o17", "-", " padded ", "é ✓", "'quoted'", "#hash", "{x}", "1e3"],
    ratio: 0.1,
    seed: .max,
    enabled: false,
    nickname: nil,
    dashboard: URL(string: "https://grafana.local/d/abc?var=1")!)

@Suite struct EncoderTests {
    @Test func emitsDeterministicBlockYAML() throws {
        let text = try YAMLEncoder().encode(status)
        #expect(text == """
            phase: Progressing
            weights:
              a: 0
              v1: 80
              v2: 20
              z: 0
            conditions:
            - type: Ready
              status: 'True'
              message: |
                line one
                line two
              lastTransitionTime: 2026-11-27T03:39:26Z
            - type: Completed
              status: 'false'
              reason: ''
              message: 'a: b # not a comment'
              lastTransitionTime: 2026-11-27T03:39:26.250Z
            notes:
            - 'true'
            - '10'
            - 'null'
            - '1.5'
            - ''
            - '~'
            - 'yes'
            - '0o17'
            - '-'
            - ' padded '
            - é ✓
            - '''quoted'''
            - '#hash'
            - '{x}'
            - '1e3'
            ratio: 0.1
            seed: 18446744073709551615
            enabled: false
            dashboard: https://grafana.local/d/abc?var=1

            """)
        for _ in 0..<5 { #expect(try YAMLEncoder().encode(status) == text) }
    }

    @Test func roundTripsThroughParseAndDecode() throws {
        let text = try YAMLEncoder().encode(status)
        #expect(try YAMLDecoder().decode(Status.self, from: text) == status)
    }

    @Test func roundTripsAwkwardStrings() throws {
        let strings = [
            "", " ", "\t", "true", "False", "NULL", "~", "0x1F", "+1", ".inf", "-.INF", ".NaN", "1_000", "a\nb",
            "trailing \n", "\nleading", "two\n\n", "  indented\nnext", "colon: here", "- dash", "? q", "[x", "}",
            "quote\"double", "it's", "tab\there", "bell\u{7}", "nul\u{0}inside", "emoji 🙂", "back\\slash", "%percent", "@at", "`tick",
            "!bang", "&amp", "*star", "|pipe", ">gt", "a #b", "#", "---", "...", "1:30", "2026-11-27",
            String(repeating: "long words ", count: 30),
        ]
        let text = try YAMLEncoder().encode(strings)
        #expect(try YAMLDecoder().decode([String].self, from: text) == strings)
        let keyed = Dictionary(uniqueKeysWithValues: strings.enumerated().map { ("k\($0.offset) \($0.element)", $0.element) })
        let keyedText = try YAMLEncoder().encode(keyed)
        #expect(try YAMLDecoder().decode([String: String].self, from: keyedText) == keyed)
    }

    @Test func roundTripsNumbersAndSpecialFloats() throws {
        let doubles: [Double] = [0, -0.5, 1e-5, 1e20, .pi, .infinity, -.infinity, 5, Double(Int64.max)]
        let text = try YAMLEncoder().encode(doubles)
        #expect(try YAMLDecoder().decode([Double].self, from: text) == doubles)
        let nan = try YAMLDecoder().decode([Double].self, from: try YAMLEncoder().encode([Double.nan]))
        #expect(nan.first?.isNaN == true)
        let ints: [Int64] = [.min, -1, 0, .max]
        #expect(try YAMLDecoder().decode([Int64].self, from: try YAMLEncoder().encode(ints)) == ints)
        let decimals = [Decimal(string: "0.1")!, Decimal(string: "-12345678901234567890.5")!]
        #expect(try YAMLEncoder().encode(decimals) == "- 0.1\n- -12345678901234567890.5\n")
        #expect(try YAMLDecoder().decode([Decimal].self, from: try YAMLEncoder().encode(decimals)) == decimals)
        let floats: [Float] = [0.1, 3.4e38]
        #expect(try YAMLDecoder().decode([Float].self, from: try YAMLEncoder().encode(floats)) == floats)
    }

    @Test func sortsSetsAndDictionaries() throws {
        struct Tagged: Codable, Hashable { var name: String }
        let numbers: Set<Int> = [10, 2, 33, 1]
        #expect(try YAMLEncoder().encode(numbers) == "- 1\n- 2\n- 10\n- 33\n")
        let names: Set<String> = ["b", "10", "a", "C"]
        #expect(try YAMLEncoder().encode(names) == "- '10'\n- C\n- a\n- b\n")
        let structs: Set<Tagged> = [Tagged(name: "z"), Tagged(name: "m"), Tagged(name: "a")]
        #expect(try YAMLEncoder().encode(structs) == "- name: a\n- name: m\n- name: z\n")
        let nested = ["x": Set(["q", "p"]), "a": Set(["o"])]
        #expect(try YAMLEncoder().encode(nested) == "a:\n- o\nx:\n- p\n- q\n")
    }

    /// Number-like keys sort by value, equal values ("1", "01", "+1") by their text, each key written as it was:
    /// the same bytes whatever the Dictionary's order (random per process). Before, a key was written as its
    /// number ("007" as 7, with an empty value) and equal numbers in the Dictionary's order.
    @Test func numberLikeKeysSortByValueThenText() throws {
        let keyed = ["10": 4, "01": 2, "1": 3, "+1": 1, "007": 5]
        let expected = "'+1': 1\n'01': 2\n'1': 3\n'007': 5\n'10': 4\n"
        #expect(try YAMLEncoder().encode(keyed) == expected)
        for _ in 0..<20 {  // other insertion orders, other hash orders
            let shuffled = Dictionary(uniqueKeysWithValues: keyed.shuffled())
            #expect(try YAMLEncoder().encode(shuffled) == expected)
        }
    }

    @Test func omitsNilOptionalsButEncodesExplicitNils() throws {
        struct Some: Encodable { var a: Int?; var b: [Int?] }
        #expect(try YAMLEncoder().encode(Some(a: nil, b: [1, nil])) == "b:\n- 1\n- null\n")
    }

    @Test func emptyCollectionsAndScalarsAtTheRoot() throws {
        struct Empty: Codable, Equatable {}
        #expect(try YAMLEncoder().encode(Empty()) == "{}\n")
        #expect(try YAMLEncoder().encode([Int]()) == "[]\n")
        #expect(try YAMLEncoder().encode([String: Int]()) == "{}\n")
        #expect(try YAMLEncoder().encode("true") == "'true'\n")
        #expect(try YAMLDecoder().decode(Empty.self, from: try YAMLEncoder().encode(Empty())) == Empty())
    }

    @Test func emitsMultiDocumentStreams() throws {
        struct Doc: Codable, Equatable { var name: String; var weight: Int }
        let values = [Doc(name: "v1", weight: 80), Doc(name: "v2", weight: 20)]
        let text = try YAMLEncoder().encodeStream(values)
        #expect(text == "name: v1\nweight: 80\n---\nname: v2\nweight: 20\n")
        let documents = try YAMLParser().parseStream(text)
        #expect(try documents.map { try YAMLDecoder().decode(Doc.self, from: $0) } == values)
    }

    @Test func keepsRawNodesAndIntegerKeyedDictionaries() throws {
        struct Holder: Codable { var raw: YAMLNode; var byIndex: [Int: String] }
        let raw = try YAMLParser().parseDocument("b: 1\na: [x, 'y']\n").root
        let text = try YAMLEncoder().encode(Holder(raw: raw, byIndex: [10: "ten", 2: "two", 1: "one"]))
        // Dictionary keys reach the encoder as strings (even for `[Int: _]`), so number-like keys are quoted.
        #expect(text == "raw:\n  b: 1\n  a:\n  - x\n  - 'y'\nbyIndex:\n  '1': one\n  '2': two\n  '10': ten\n")
        let back = try YAMLDecoder().decode(Holder.self, from: text)
        #expect(back.byIndex == [10: "ten", 2: "two", 1: "one"])
        #expect(back.raw["a"]?[1]?.scalar?.style == .singleQuoted)
    }

    @Test func emitterWritesParsedNodesWithTags() throws {
        let node = try YAMLParser().parseDocument("a: !!str 10\nb: \"x\"\n").root
        #expect(try YAMLEmitter.emit(node) == "a: !!str 10\nb: \"x\"\n")
    }
}
