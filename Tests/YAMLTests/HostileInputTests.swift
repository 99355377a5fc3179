import Testing
import YAML

/// Every limit turns hostile input into an error quickly. The inputs are big enough that a naive
/// implementation (recursive descent, eager alias expansion, quadratic key checks) would crash or hang.
@Suite struct HostileInputTests {
    private func failure(_ limits: YAMLLimits = .default, _ body: (YAMLParser) throws -> [YAMLDocument]) -> YAMLError? {
        #expect(throws: YAMLError.self) { try body(YAMLParser(limits: limits)) }
    }

    @Test func rejectsOversizedInputBeforeParsing() {
        let big = String(repeating: "a: b\n", count: (1 << 20) / 5 + 1)
        let error = failure { try $0.parseStream(big, file: "big.yaml") }
        #expect(error?.code == .tooLarge)
        #expect(error?.description == "big.yaml: input is 1048580 bytes, more than the limit of 1048576 bytes")
        let small = failure(YAMLLimits(maxInputBytes: 8)) { try $0.parseStream("key: value\n") }
        #expect(small?.code == .tooLarge)
    }

    @Test func rejectsDeepFlowNesting() {
        let deep = String(repeating: "[", count: 500_000) + String(repeating: "]", count: 500_000)
        let error = failure { try $0.parseStream(deep, file: "deep.yaml") }
        #expect(error?.code == .tooDeep)
        #expect(error?.description == "deep.yaml:1:65: collections nest deeper than the limit of 64")
    }

    @Test func rejectsDeepBlockNesting() throws {
        var text = ""
        for level in 0..<300 { text += String(repeating: " ", count: level) + "k\(level):\n" }
        let error = failure { try $0.parseStream(text) }
        #expect(error?.code == .tooDeep)
        #expect(error?.line == 65)
        let shallow = YAMLParser(limits: YAMLLimits(maxDepth: 2))
        #expect(throws: YAMLError.self) { _ = try shallow.parseStream("a: {b: [c]}\n") }
        #expect(try shallow.parseStream("a: {b: c}\n").count == 1)
    }

    @Test func rejectsDepthHiddenInAliases() {
        // Each anchor nests the previous one a level deeper: the 100th would be 101 levels deep.
        var text = "a0: &a0 [x]\n"
        for index in 1..<100 { text += "a\(index): &a\(index) [*a\(index - 1)]\n" }
        let error = failure { try $0.parseStream(text) }
        #expect(error?.code == .tooDeep)
    }

    @Test func stopsBillionLaughs() {
        var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            let refs = Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
            text += "\(name): &\(name) [\(refs)]\n"
        }
        let error = failure { try $0.parseStream(text, file: "lol.yaml") }
        #expect(error?.code == .tooManyAliases)
        #expect(error?.description.hasPrefix("lol.yaml:4:") == true)
        #expect(error?.message.contains("limit of 10000 nodes") == true)
    }

    @Test func aliasesWithinTheLimitAreFine() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
        #expect(try YAMLParser().parseDocument(text).root["b"]?[2]?[1]?.scalar?.value == "2")
        #expect(throws: YAMLError.self) { _ = try YAMLParser(limits: YAMLLimits(maxAliasExpansion: 11)).parseStream(text) }
    }

    @Test func rejectsDuplicateKeysWithBothMarks() {
        let error = failure { try $0.parseStream("a: 1\nb:\n  c: 2\n  c: 3\n", file: "dup.yaml") }
        #expect(error?.code == .duplicateKey)
        #expect(error?.description == "dup.yaml:4:3: duplicate key \"c\" (first defined at 3:3)")
        #expect(error?.relatedMark == YAMLMark(line: 3, column: 3, offset: 10))
        #expect(throws: YAMLError.self) { _ = try YAMLParser().parseStream("{a: 1, 'a': 2}") }
    }

    @Test func duplicateCheckScalesToManyKeys() throws {
        let keys = (0..<20_000).map { "key\($0): \($0)\n" }.joined()
        #expect(try YAMLParser().parseDocument(keys).root.mapping?.count == 20_000)
        let decoded = try YAMLDecoder().decode([String: Int].self, from: keys)
        #expect(decoded.count == 20_000)
        let error = failure { try $0.parseStream(keys + "key0: again\n") }
        #expect(error?.line == 20_001)
    }

    @Test func rejectsInvalidUTF8Clearly() {
        let bytes = Array("name: ok\nbad: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let error = failure { try $0.parseStream(bytes: bytes, file: "bad.yaml") }
        #expect(error?.code == .invalidUTF8)
        #expect(error?.description == "bad.yaml:2:9: invalid UTF-8: byte 0xC3 at byte offset 17 does not start a valid sequence")
        for bad: [UInt8] in [[0xFF], [0xE2, 0x9C], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(throws: YAMLError.self) { _ = try YAMLParser().parseStream(bytes: Array("a: ".utf8) + bad) }
        }
        #expect(throws: YAMLError.self) { _ = try YAMLParser().parseStream(bytes: [0xFF, 0xFE, 0x61, 0x00]) }
    }

    @Test func rejectsControlCharacters() {
        let error = failure { try $0.parseStream("a: b\u{1}\n", file: "ctl.yaml") }
        #expect(error?.code == .invalidCharacter)
        #expect(error?.description == "ctl.yaml:1:5: control characters are not allowed (0x01)")
    }

    @Test func survivesGarbage() throws {
        let inputs = [
            String(repeating: "- ", count: 100_000), String(repeating: "{", count: 300_000),
            String(repeating: "&a ", count: 10_000) + "x", String(repeating: "*a ", count: 10_000),
            String(repeating: "? ", count: 100_000), String(repeating: "'", count: 100_001),
            String(repeating: "\"\\", count: 100_000), String(repeating: "a: ", count: 100_000),
            String(repeating: "%YAML 1.2\n", count: 10_000),
        ]
        for input in inputs {
            #expect(throws: YAMLError.self) { _ = try YAMLParser().parseStream(input) }
        }
        // A 100,000-character tag is odd but valid.
        #expect(try YAMLParser().parseDocument(String(repeating: "!", count: 100_000) + " x").root.scalar?.value == "x")
    }

    @Test func decodingGarbageFailsWithLocations() {
        struct Spec: Decodable { var name: String }
        let report = YAMLDecoder().report(Spec.self, from: String(repeating: "[", count: 100), file: "x.yaml")
        #expect(report.errors.first?.code == .tooDeep)
        #expect(report.value == nil)
    }
}
