import Foundation
import Testing

@testable import JSON

/// `JSONValue.parse` reads with ``JSONReader``; these tests hold it to what the `Codable` path (`JSONDecoder` into
/// `JSONValue`, used before) gave on every document it accepted, and to RFC 8259 on what it must refuse.
@Suite struct JSONReaderTests {
    /// The reader before: `JSONDecoder` through `JSONValue`'s `Codable` conformance.
    static func codable(_ text: String) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    static func read(_ text: String) -> JSONValue? { try? JSONReader.read(Data(text.utf8)) }

    @Test(arguments: [
        "0", "-0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "-9223372036854775809", "100000000000000000000", "5.0", "-5.0", "1e3", "1E3", "1e+3", "2.5e-3", "0.1", "-0.0",
        "1.7976931348623157e308", "5e-324", "123456789012345678", "1.5", "3.0e2", "9007199254740993", "1e18", "1e19",
        "true", "false", "null", "\"\"", "\"a\"", "\"\\u00e9\\n\\t\\\"\\\\\\/\"", "\"\\ud83d\\ude00\"", "\"h\u{e9}llo \u{1F600}\"",
        "[]", "{}", " [ 1 , 2 ] ", "{\"a\":1,\"a\":2}", "-9.223372036854775808e18", "9.3e18", "{\"a\":{\"b\":[true,null,{\"c\":\"d\"}]}}",
        "[1.0,2,3.25,-4e2,\"x\"]", "\n\t{\"k\" : \"v\"}\r\n",
    ])
    func readsAsTheCodablePathDid(_ text: String) throws {
        let expected = try #require(Self.codable(text), "the Codable path refused \(text)")
        #expect(Self.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        "", " ", "[", "]", "{", "[1,]", "{\"a\":1,}", "{a:1}", "{\"a\" 1}", "[1 2]", "01", "-", "-a", "1.", ".5", "1e",
        "1e+", "+1", "tru", "nul", "True", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"a\u{01}b\"", "\"tab\tinside\"", "1 2", "[1] x", "{\"a\":1}}", "1e400", "-1e400", "NaN",
        "Infinity", "'a'", "[,1]", "{,}", "\u{FEFF}\u{FEFF}1",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(Self.read(text) == nil, "\(text) was read as \(String(describing: Self.read(text)))")
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x5B, 0x22, 0xE2, 0x82, 0x22, 0x5D]] {
            #expect((try? JSONReader.read(Data(bytes))) == nil, "\(bytes)")
        }
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(Self.read(deep) == nil)
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(Self.read(fine) != nil)
        // A byte order mark is skipped once, as JSONDecoder did.
        #expect((try? JSONReader.read(Data([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))))?[0] == .integer(1))
    }

    @Test func aFailureSaysWhere() {
        do {
            _ = try JSONReader.read(Data("{\"a\": [1, 2,]}".utf8))
            Issue.record("read a trailing comma")
        } catch {
            #expect(error.offset == 12, "\(error)")
            #expect(error.description.contains("byte 12"), "\(error)")
        }
    }

    /// Random documents (seeded): whatever `JSONEncoder` writes from a random value is read back as the Codable path
    /// reads it, and pretty-printed text too.
    @Test func randomDocumentsReadAsTheCodablePathDid() throws {
        var generator = SplitMix(seed: 0x1735)
        for round in 0..<400 {
            let value = Self.randomValue(&generator, depth: 0)
            for formatting: JSONEncoder.OutputFormatting in [[], [.prettyPrinted, .sortedKeys]] {
                let encoder = JSONEncoder()
                encoder.outputFormatting = formatting
                let text = String(decoding: try encoder.encode(value), as: UTF8.self)
                let expected = try #require(Self.codable(text))
                #expect(Self.read(text) == expected, "round \(round): \(text)")
            }
        }
    }

    /// A Kubernetes LIST as the API server sends it reads the same both ways.
    @Test func aKubernetesListReadsAsTheCodablePathDid() throws {
        let item = """
            {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"reviews-%d",\
            "namespace":"bookinfo","resourceVersion":"%d","uid":"6b1f-%d","generation":3,\
            "creationTimestamp":"2026-12-05T10:00:00Z","labels":{"app":"reviews"},\
            "annotations":{"note":"caf\\u00e9 \\"quoted\\" \\\\ path\\/x"}},"spec":{"hosts":["reviews"],\
            "http":[{"route":[{"destination":{"host":"reviews","subset":"v1"},"weight":80},\
            {"destination":{"host":"reviews","subset":"v2"},"weight":20}],"timeout":"1.5s","retries":{"attempts":3}}]}}
            """
        let items = (0..<200).map { String(format: item, $0, 1000 + $0, $0) }.joined(separator: ",")
        let text = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"1200\"},\"items\":[\(items)]}"
        let expected = try #require(Self.codable(text))
        let read = try JSONReader.read(Data(text.utf8))
        #expect(read == expected)
        #expect(read["items"]?[199]?["spec"]?["http"]?[0]?["route"]?[1]?["weight"] == .integer(20))
        #expect(read["items"]?[0]?["metadata"]?["annotations"]?["note"] == "caf\u{e9} \"quoted\" \\ path/x")
    }

    static func randomValue(_ generator: inout SplitMix, depth: Int) -> JSONValue {
        let pick = generator.next() % (depth > 4 ? 6 : 8)
        switch pick {
        case 0: return .null
        case 1: return .bool(generator.next() & 1 == 0)
        case 2: return .integer(Int64(bitPattern: generator.next()) >> (generator.next() % 64))
        case 3:
            let double = Double(bitPattern: generator.next())
            return double.isFinite ? .number(double) : .number(Double(generator.next() % 1000) / 7)
        case 4: return .number(Double(Int64(bitPattern: generator.next()) >> 40) / 1024)
        case 5: return .string(randomString(&generator))
        case 6: return .array((0..<Int(generator.next() % 5)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 5) { members[randomString(&generator)] = randomValue(&generator, depth: depth + 1) }
            return .object(members)
        }
    }

    static func randomString(_ generator: inout SplitMix) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{7F}", "\u{e9}", "\u{20AC}", "\u{1F600}", "\u{FFFF}"]
        var text = ""
        for _ in 0..<Int(generator.next() % 12) { text.unicodeScalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
        return text
    }
}

/// A small seeded generator (SplitMix64) so the random documents are the same at every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
