import Testing
import YAML

@Suite struct CoreSchemaTests {
    /// The YAML 1.2 core schema resolution table for plain scalars.
    @Test(arguments: [
        ("", YAMLScalarKind.null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        ("nULL", .string), ("none", .string),
        ("true", .bool), ("True", .bool), ("TRUE", .bool), ("false", .bool), ("False", .bool), ("FALSE", .bool),
        ("tRUE", .string), ("yes", .string), ("on", .string), ("y", .string),
        ("0", .int), ("10", .int), ("-10", .int), ("+10", .int), ("007", .int), ("0o17", .int), ("0x1F", .int),
        ("0xff", .int), ("0o8", .string), ("0x", .string), ("0xG", .string), ("1_000", .string), ("-0x1F", .string),
        ("1.5", .float), ("-1.5", .float), ("+1.5", .float), ("1.", .float), (".5", .float), ("1e3", .float),
        ("1E-3", .float), ("-1.5e+3", .float), ("+.5e1", .float), (".inf", .float), ("-.Inf", .float),
        ("+.INF", .float), (".nan", .float), (".NaN", .float), (".NAN", .float), ("-.nan", .string),
        (".", .string), ("1e", .string), ("e3", .string), ("1.5.5", .string), ("1e3.5", .string), (".infinity", .string),
        ("10m", .string), ("v1", .string), ("0.01s", .string), ("1:30", .string), ("2024-01-01", .string),
    ])
    func resolvesPlainScalars(text: String, kind: YAMLScalarKind) {
        #expect(CoreSchema.resolvePlain(text) == kind, "\(text.debugDescription)")
        #expect(CoreSchema.kind(of: text, style: .plain, tag: nil) == kind)
    }

    @Test func quotedAndBlockScalarsAreStrings() {
        for style in [YAMLScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded] {
            for text in ["true", "10", "null", "", "1.5"] {
                #expect(CoreSchema.kind(of: text, style: style, tag: nil) == .string)
            }
        }
    }

    @Test func explicitTagsWin() {
        let core = CoreSchema.tagPrefix
        #expect(CoreSchema.kind(of: "10", style: .plain, tag: core + "str") == .string)
        #expect(CoreSchema.kind(of: "10", style: .doubleQuoted, tag: core + "int") == .int)
        #expect(CoreSchema.kind(of: "1", style: .singleQuoted, tag: core + "float") == .float)
        #expect(CoreSchema.kind(of: "x", style: .plain, tag: core + "null") == .null)
        #expect(CoreSchema.kind(of: "true", style: .plain, tag: "!") == .string)
        #expect(CoreSchema.kind(of: "true", style: .plain, tag: "!custom") == .bool)
    }

    @Test func parsesIntegersWithRangeChecks() {
        func value<T: FixedWidthInteger & Sendable>(_ text: String, _ type: T.Type) -> T? {
            if case .value(let value) = CoreSchema.integer(text, as: type) { return value }
            return nil
        }
        func outOfRange<T: FixedWidthInteger & Sendable>(_ text: String, _ type: T.Type) -> Bool {
            if case .outOfRange = CoreSchema.integer(text, as: type) { return true }
            return false
        }
        #expect(value("0x1F", Int.self) == 31)
        #expect(value("0o17", Int.self) == 15)
        #expect(value("+42", Int.self) == 42)
        #expect(value("-128", Int8.self) == -128)
        #expect(outOfRange("128", Int8.self))
        #expect(outOfRange("-1", UInt.self))
        #expect(outOfRange("0x100", UInt8.self))
        #expect(value("18446744073709551615", UInt64.self) == .max)
        #expect(outOfRange("99999999999999999999", Int64.self))
        if case .notAnInteger = CoreSchema.integer("1.0", as: Int.self) {} else { Issue.record("1.0 is not an integer") }
    }

    @Test func parsesFloats() throws {
        #expect(CoreSchema.double("1.5") == 1.5)
        #expect(CoreSchema.double("10") == 10)
        #expect(CoreSchema.double("0x10") == 16)
        #expect(CoreSchema.double("0o10") == 8)
        #expect(CoreSchema.double("-.inf") == -.infinity)
        #expect(try #require(CoreSchema.double(".NaN")).isNaN)
        #expect(CoreSchema.double("1.5x") == nil)
        #expect(CoreSchema.double("inf") == nil)
        #expect(CoreSchema.bool("True") == true)
        #expect(CoreSchema.bool("yes") == nil)
    }
}
