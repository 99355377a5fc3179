import Foundation
import Testing
import YAML

/// A slice of an iter8 Experiment, enough to exercise nesting, arrays, optionals and enums.
private struct Experiment: Decodable, Equatable {
    struct Spec: Decodable, Equatable {
        var target: String
        var strategy: Strategy
        var duration: Duration?
        var versionInfo: VersionInfo
        var criteria: [String: String]?
    }
    struct Strategy: Decodable, Equatable {
        enum TestingPattern: String, Decodable { case canary = "Canary", conformance = "Conformance" }
        var testingPattern: TestingPattern
        var weights: Weights?
    }
    struct Weights: Decodable, Equatable {
        var maxCandidateWeight: Int?
        var maxCandidateWeightIncrement: UInt8?
    }
    struct Duration: Decodable, Equatable {
        var intervalSeconds: Int
        var maxLoops: Int?
    }
    struct VersionInfo: Decodable, Equatable {
        var baseline: Version
        var candidates: [Version]
    }
    struct Version: Decodable, Equatable {
        var name: YAMLLocated<String>
        var variables: [Variable]?
    }
    struct Variable: Decodable, Equatable {
        var name: String
        var value: String
    }
    var apiVersion: String
    var kind: String
    var spec: Spec
}

private let file = "experiments/reviews.yaml"

private let goodSpec = """
    apiVersion: iter8.tools/v2alpha2
    kind: Experiment
    spec:
      target: bookinfo/reviews
      strategy:
        testingPattern: Canary
        weights:
          maxCandidateWeight: 100
          maxCandidateWeightIncrement: 10
      duration:
        intervalSeconds: 10
      criteria:
        cpu: 10m
        ratio: 0.01
        enabled: true
      versionInfo:
        baseline:
          name: v1
          variables:
          - name: revision
            value: 1
        candidates:
        - name: v2
        - name: "v3"

    """

@Suite struct DecoderTests {
    let decoder = YAMLDecoder()

    @Test func decodesANestedSpecAndKeepsLocations() throws {
        let experiment = try decoder.decode(Experiment.self, from: goodSpec, file: file)
        #expect(experiment.spec.target == "bookinfo/reviews")
        #expect(experiment.spec.strategy.testingPattern == .canary)
        #expect(experiment.spec.strategy.weights?.maxCandidateWeightIncrement == 10)
        #expect(experiment.spec.duration == Experiment.Duration(intervalSeconds: 10, maxLoops: nil))
        #expect(experiment.spec.criteria == ["cpu": "10m", "ratio": "0.01", "enabled": "true"])
        #expect(experiment.spec.versionInfo.baseline.variables?.first?.value == "1")
        let v3 = experiment.spec.versionInfo.candidates[1].name
        #expect(v3.value == "v3")
        #expect(v3.location.description == "experiments/reviews.yaml:24:13: spec.versionInfo.candidates[1].name")
        let duplicate = v3.location.error(.invalidValue, "duplicate version name \"v3\"")
        #expect(duplicate.description == "experiments/reviews.yaml:24:13: spec.versionInfo.candidates[1].name: duplicate version name \"v3\"")
    }

    @Test func typeErrorsNameFileLineColumnAndPath() {
        let text = goodSpec.replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: ten")
        expectError(text, "experiments/reviews.yaml:11:22: spec.duration.intervalSeconds: expected an integer, found \"ten\"", .typeMismatch)
    }

    @Test func quotedNumbersAndBooleansAreNotNumbersOrBooleans() {
        struct Flags: Decodable { var count: Int?; var ratio: Double?; var on: Bool? }
        #expect(throws: YAMLError.self) { try decoder.decode(Flags.self, from: "count: '10'\n") }
        #expect(throws: YAMLError.self) { try decoder.decode(Flags.self, from: "ratio: \"1.5\"\n") }
        #expect(throws: YAMLError.self) { try decoder.decode(Flags.self, from: "on: 'true'\n") }
        #expect(throws: YAMLError.self) { try decoder.decode(Flags.self, from: "on: yes\n") }
        let error = #expect(throws: YAMLError.self) { try decoder.decode(Flags.self, from: "count: \"10\"\n") }
        #expect(error?.description == "1:8: count: expected an integer, found the quoted string \"10\"")
        let decoded = try? decoder.decode(Flags.self, from: "count: !!int '10'\nratio: 10\non: False\n")
        #expect(decoded?.count == 10 && decoded?.ratio == 10 && decoded?.on == false)
    }

    @Test func missingFieldsPointAtTheParentMapping() {
        let text = goodSpec.replacingOccurrences(of: "  target: bookinfo/reviews\n", with: "")
        expectError(text, "experiments/reviews.yaml:4:3: spec.target: missing required field", .missingField)
    }

    @Test func missingFieldHintsAtATypo() {
        struct Duration: Decodable { var intervalSeconds: Int }
        expectError(
            "intervalSecond: 10\n", "1:1: intervalSeconds: missing required field (found unknown field \"intervalSecond\" at 1:1)",
            .missingField, as: Duration.self)
    }

    @Test func arrayIndicesAppearInPaths() {
        let text = goodSpec.replacingOccurrences(of: "- name: \"v3\"", with: "- name: [v3]")
        expectError(text, "experiments/reviews.yaml:24:13: spec.versionInfo.candidates[1].name: expected a string, found a sequence", .typeMismatch)
    }

    @Test func invalidEnumValuesAreLocated() {
        let text = goodSpec.replacingOccurrences(of: "testingPattern: Canary", with: "testingPattern: Canery")
        let error = #expect(throws: YAMLError.self) { try decoder.decode(Experiment.self, from: text, file: file) }
        #expect(error?.code == .invalidValue)
        #expect(error?.path == "spec.strategy.testingPattern")
        #expect(error?.line == 6 && error?.column == 21)
    }

    @Test func unknownFieldsAreAllReportedWithMarks() throws {
        let text = goodSpec
            .replacingOccurrences(of: "    weights:\n", with: "    weigths:\n")
            .replacingOccurrences(of: "kind: Experiment\n", with: "kind: Experiment\nmetadata: {name: x}\n")
            .replacingOccurrences(of: "- name: v2\n", with: "- name: v2\n      extra: 1\n")
        let report = decoder.report(Experiment.self, from: text, file: file)
        #expect(report.value != nil)
        #expect(report.errors.map(\.description) == [
            "experiments/reviews.yaml:3:1: metadata: unknown field",
            "experiments/reviews.yaml:8:5: spec.strategy.weigths: unknown field",
            "experiments/reviews.yaml:25:7: spec.versionInfo.candidates[0].extra: unknown field",
        ])
        #expect(report.errors.allSatisfy { $0.code == .unknownField })
        #expect(throws: YAMLError.self) { try decoder.decode(Experiment.self, from: text, file: file) }

        let lenient = YAMLDecoder(unknownFields: .warning)
        let warned = lenient.report(Experiment.self, from: text, file: file)
        #expect(warned.errors.isEmpty)
        #expect(warned.warnings.count == 3)
        #expect(try lenient.decode(Experiment.self, from: text, file: file).spec.target == "bookinfo/reviews")
        #expect(YAMLDecoder(unknownFields: .ignore).report(Experiment.self, from: text).problems.isEmpty)
    }

    @Test func reportKeepsUnknownFieldsBesideTheFirstTypeError() {
        let text = goodSpec
            .replacingOccurrences(of: "kind: Experiment\n", with: "kind: Experiment\nstatus: {}\n")
            .replacingOccurrences(of: "testingPattern: Canary\n", with: "testingPattern: Canary\n    bogus: 1\n")
            .replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: ten")
        let report = decoder.report(Experiment.self, from: text, file: file)
        #expect(report.value == nil)
        #expect(report.errors.map(\.code) == [.typeMismatch, .unknownField])
        // `spec.strategy` was finished before the failure, so its unknown key is reported; the root and `spec`
        // were abandoned half-way, so their unread keys (`status`) cannot be judged and are not reported.
        #expect(report.errors.last?.path == "spec.strategy.bogus")
    }

    @Test func decodesEveryPrimitive() throws {
        struct All: Decodable, Equatable {
            var s: String; var b: Bool; var d: Double; var f: Float
            var i: Int; var i8: Int8; var i16: Int16; var i32: Int32; var i64: Int64
            var u: UInt; var u8: UInt8; var u16: UInt16; var u32: UInt32; var u64: UInt64
            var none: Int?; var absent: String?; var list: [Int?]; var url: URL; var date: Date
            var nested: [String: [Int]]; var price: Decimal
        }
        let text = """
            s: 1.50
            b: TRUE
            d: -.inf
            f: 0x10
            i: -42
            i8: -128
            i16: 0o777
            i32: 0x7fffffff
            i64: -9223372036854775808
            u: 1
            u8: 255
            u16: 65535
            u32: 4294967295
            u64: 18446744073709551615
            none: ~
            list: [1, null, 3]
            url: https://example.com/a?b=c
            date: 2026-11-27T03:39:26Z
            nested: {b: [2], a: []}
            price: 0.10

            """
        let all = try decoder.decode(All.self, from: text)
        #expect(all.s == "1.50" && all.b && all.d == -.infinity && all.f == 16)
        #expect(all.i16 == 511 && all.i32 == .max && all.i64 == .min && all.u64 == .max)
        #expect(all.none == nil && all.absent == nil && all.list == [1, nil, 3])
        #expect(all.url.host == "example.com")
        #expect(all.date == Date(timeIntervalSince1970: 1_795_750_766))
        #expect(all.nested == ["a": [], "b": [2]])
        #expect(all.price == Decimal(string: "0.1"))
    }

    @Test func overflowIsAnOutOfRangeError() {
        struct Small: Decodable { var v: UInt8 }
        expectError("v: 256\n", "1:4: v: 256 is out of range for UInt8", .outOfRange, as: Small.self)
        expectError("v: -1\n", "1:4: v: -1 is out of range for UInt8", .outOfRange, as: Small.self)
        struct Tiny: Decodable { var v: Float }
        expectError("v: 1e60\n", "1:4: v: 1e60 is out of range for Float", .outOfRange, as: Tiny.self)
    }

    @Test func nullIsNotAString() {
        struct Named: Decodable { var name: String }
        expectError("name:\n", "1:6: name: expected a string, found null (empty value)", .typeMismatch, as: Named.self)
        expectError("- a\n", "1:1: expected a mapping, found a sequence", .typeMismatch, as: Named.self)
    }

    @Test func customContainersSuperDecodersAndRawNodes() throws {
        final class Base: Decodable {
            let id: Int
            init(from decoder: any Decoder) throws {
                id = try decoder.container(keyedBy: Keys.self).decode(Int.self, forKey: .id)
            }
            enum Keys: String, CodingKey { case id }
        }
        struct Wrapper: Decodable {
            var base: Base
            var pairs: [(String, Int)]
            var raw: YAMLNode
            var mark: YAMLMark?
            enum Keys: String, CodingKey { case base, pairs, raw }
            init(from decoder: any Decoder) throws {
                mark = decoder.yamlLocation?.mark
                let container = try decoder.container(keyedBy: Keys.self)
                base = try Base(from: container.superDecoder(forKey: .base))
                var list = try container.nestedUnkeyedContainer(forKey: .pairs)
                var pairs: [(String, Int)] = []
                while !list.isAtEnd {
                    var pair = try list.nestedUnkeyedContainer()
                    pairs.append((try pair.decode(String.self), try pair.decode(Int.self)))
                }
                self.pairs = pairs
                raw = try container.decode(YAMLNode.self, forKey: .raw)
            }
        }
        let text = "base: {id: 7}\npairs: [[a, 1], [b, 2]]\nraw: {anything: [goes, here]}\n"
        let wrapper = try decoder.decode(Wrapper.self, from: text)
        #expect(wrapper.base.id == 7)
        #expect(wrapper.pairs.map(\.0) == ["a", "b"] && wrapper.pairs.map(\.1) == [1, 2])
        #expect(wrapper.raw["anything"]?[1]?.scalar?.value == "here")
        #expect(wrapper.mark == YAMLMark(line: 1, column: 1, offset: 0))
    }

    @Test func modelErrorsAreLocatedAtTheModelsNode() {
        struct Percent: Decodable, CustomStringConvertible {
            struct Invalid: Error, CustomStringConvertible { var description: String }
            var value: Int
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self)
                guard (0...100).contains(value) else { throw Invalid(description: "\(value) is not a percentage") }
            }
            var description: String { "\(value)%" }
        }
        struct Weights: Decodable { var weights: [Percent] }
        expectError(
            "weights: [10, 200]\n", "1:15: weights[1]: 200 is not a percentage", .invalidValue, as: Weights.self)
        struct Checked: Decodable {
            var name: String
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: YAMLTestKey.self)
                name = try container.decode(String.self, forKey: YAMLTestKey("name"))
                if name.isEmpty {
                    throw DecodingError.dataCorruptedError(
                        forKey: YAMLTestKey("name"), in: container, debugDescription: "name must not be empty")
                }
            }
        }
        expectError("name: ''\n", "1:7: name: name must not be empty", .invalidValue, as: Checked.self)
    }

    @Test func decodesFromParsedDocumentsOfAStream() throws {
        let documents = try YAMLParser().parseStream("a: 1\n---\na: two\n", file: "multi.yaml")
        struct A: Decodable { var a: Int }
        #expect(try decoder.decode(A.self, from: documents[0]).a == 1)
        let error = #expect(throws: YAMLError.self) { try decoder.decode(A.self, from: documents[1]) }
        #expect(error?.description == "multi.yaml:3:4: a: expected an integer, found \"two\"")
        #expect(try decoder.decodeStream(A.self, from: "a: 1\n---\na: 2\n").map(\.a) == [1, 2])
        let streamError = #expect(throws: YAMLError.self) {
            try decoder.decodeStream(A.self, from: "a: 1\n---\nb: 2\n", file: "s.yaml")
        }
        #expect(streamError?.description == "s.yaml:3:1: a: missing required field")
    }

    @Test func userInfoReachesModels() throws {
        let key = try #require(CodingUserInfoKey(rawValue: "scale"))
        struct Scaled: Decodable {
            var value: Int
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self) * (decoder.userInfo[CodingUserInfoKey(rawValue: "scale")!] as? Int ?? 1)
            }
        }
        #expect(try YAMLDecoder(userInfo: [key: 3]).decode(Scaled.self, from: "5").value == 15)
    }

    private func expectError<T: Decodable>(
        _ text: String, _ description: String, _ code: YAMLError.Code, as type: T.Type = Experiment.self,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let fileName: String? = description.hasPrefix(file) ? file : nil
        let error = #expect(throws: YAMLError.self, sourceLocation: sourceLocation) {
            try decoder.decode(T.self, from: text, file: fileName)
        }
        #expect(error?.description == description, sourceLocation: sourceLocation)
        #expect(error?.code == code, sourceLocation: sourceLocation)
    }
}

private struct YAMLTestKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
