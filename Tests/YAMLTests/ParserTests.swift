import Testing
import YAML

@Suite struct ParserTests {
    let parser = YAMLParser()

    @Test func keepsKeyOrderStylesTagsAndMarks() throws {
        let text = """
            zeta: 1
            alpha: 'two'
            mid: "three"
            lit: |
              a
              b
            fold: >-
              c
              d
            tagged: !!str 4
            list:
              - x
              - {k: v}

            """
        let root = try parser.parseDocument(text).root
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.scalar?.value } == ["zeta", "alpha", "mid", "lit", "fold", "tagged", "list"])
        #expect(root["alpha"]?.scalar == YAMLScalar(value: "two", style: .singleQuoted))
        #expect(root["mid"]?.scalar?.style == .doubleQuoted)
        #expect(root["lit"]?.scalar == YAMLScalar(value: "a\nb\n", style: .literal))
        #expect(root["fold"]?.scalar == YAMLScalar(value: "c d", style: .folded))
        #expect(root["tagged"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["tagged"]?.scalarKind == .string)
        #expect(root["zeta"]?.mark == YAMLMark(line: 1, column: 7, offset: 6))
        #expect(root["alpha"]?.mark.line == 2)
        #expect(root["alpha"]?.mark.column == 8)
        let k = try #require(root.node(at: ["list", 1, "k"]))
        #expect(k.mark.line == 13)
        #expect(k.mark.column == 9)
        #expect(root.mark == YAMLMark(line: 1, column: 1, offset: 0))
    }

    /// libyaml 0.2.5 counts `mark.index` in Unicode scalars; the parser must expose UTF-8 byte ranges.
    @Test func scalarRangesAreUTF8ByteOffsetsWithNonASCIIText() throws {
        let text = "a: é✓ x\nb: 'q✓'\nc: \"✓\" # ✓ comment\nd: [é, ✓✓]\n"
        let bytes = Array(text.utf8)
        let root = try parser.parseDocument(text).root
        func source(_ path: YAMLPath) throws -> String {
            let node = try #require(root.node(at: path))
            return String(decoding: bytes[node.sourceRange], as: UTF8.self)
        }
        #expect(try source(["a"]) == "é✓ x")
        #expect(try source(["b"]) == "'q✓'")
        #expect(try source(["c"]) == "\"✓\"")
        #expect(try source(["d", 0]) == "é")
        #expect(try source(["d", 1]) == "✓✓")
        // Columns count characters, as editors show them.
        #expect(root["b"]?.mark.column == 4)
        #expect(root["b"]?.mark.offset == 14)
        #expect(root.node(at: ["d", 1])?.mark.column == 8)
    }

    @Test func byteRangesSurviveCRLFAndByteOrderMark() throws {
        let text = "\u{FEFF}a: one\r\nb: 'two'\r\n"
        let bytes = Array(text.utf8)
        let root = try parser.parseDocument(text).root
        let b = try #require(root["b"])
        #expect(String(decoding: bytes[b.sourceRange], as: UTF8.self) == "'two'")
        #expect(b.mark.line == 2 && b.mark.column == 4)
        #expect(root["a"]?.mark.column == 4)
    }

    @Test func parsesMultiDocumentStreamsWithRanges() throws {
        let text = "a: 1\n---\nb: 2\n...\n---\n- c\n"
        let documents = try parser.parseStream(text, file: "multi.yaml")
        #expect(documents.count == 3)
        #expect(documents.map(\.index) == [0, 1, 2])
        #expect(documents[1].root["b"]?.mark.line == 3)
        #expect(documents[2].root[0]?.scalar?.value == "c")
        #expect(documents[2].file == "multi.yaml")
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[documents[1].sourceRange], as: UTF8.self).hasPrefix("---\nb: 2"))
    }

    @Test func emptyInputIsANullDocument() throws {
        #expect(try parser.parseStream("").isEmpty)
        #expect(try parser.parseDocument("").root.isNull)
        #expect(try parser.parseDocument("# only a comment\n").root.isNull)
    }

    @Test func expandsAliasesWithTheAliasMark() throws {
        let root = try parser.parseDocument("base: &b {x: 1, y: [2, 3]}\ncopy: *b\n").root
        #expect(root["copy"]?.content == root["base"]?.content)
        #expect(root["copy"]?.mark.line == 2)
        #expect(root["copy"]?.mark.column == 7)
    }

    @Test func undefinedAliasIsAnError() {
        #expect {
            try parser.parseDocument("a: *nope\n")
        } throws: { ($0 as? YAMLError)?.code == .undefinedAlias }
    }

    @Test func rejectsMoreThanOneDocumentWhereOneIsExpected() {
        #expect {
            try parser.parseDocument("a: 1\n---\nb: 2\n", file: "two.yaml")
        } throws: { error in
            (error as? YAMLError)?.description == "two.yaml:3:1: expected one document, found 2"
        }
    }

    @Test func syntaxErrorsNameFileLineColumnProblemAndContext() {
        #expect {
            try parser.parseStream("a: [1, 2\nb: 3\n", file: "bad.yaml")
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .syntax
                && error?.description
                    == "bad.yaml:2:2: did not find expected ',' or ']' while parsing a flow sequence that started at 1:4"
        }
        #expect {
            try parser.parseStream("a: b\n c: d\n", file: "bad.yaml")
        } throws: { ($0 as? YAMLError)?.description == "bad.yaml:2:3: mapping values are not allowed in this context" }
    }

    @Test func findsNodesByPathAndByWalking() throws {
        let document = try parser.parseDocument("spec:\n  http:\n    - route:\n        - weight: 80\n        - weight: 20\n")
        #expect(document.node(at: try YAMLPath(parsing: "spec.http[0].route[1].weight"))?.scalar?.value == "20")
        var weights: [String] = []
        document.root.forEachNode { path, node in
            if path.components.last == .key("weight") { weights.append("\(path)=\(node.scalar?.value ?? "")") }
        }
        #expect(weights == ["spec.http[0].route[0].weight=80", "spec.http[0].route[1].weight=20"])
        #expect {
            try document.requireNode(at: ["spec", "http", 3])
        } throws: { ($0 as? YAMLError)?.description == "3:5: spec.http: no element [3] in document 0 (looking for spec.http[3])" }
    }

    @Test func pathsParseAndRender() throws {
        let path = try YAMLPath(parsing: "spec.versionInfo.candidates[1].name")
        #expect(path == ["spec", "versionInfo", "candidates", 1, "name"])
        #expect(path.description == "spec.versionInfo.candidates[1].name")
        #expect(try YAMLPath(parsing: "[0][1].a") == [0, 1, "a"])
        for bad in ["a..b", "a[x]", "a[1", "a.", "a]b", "[0]b"] {
            #expect(throws: YAMLError.self) { try YAMLPath(parsing: bad) }
        }
    }
}
