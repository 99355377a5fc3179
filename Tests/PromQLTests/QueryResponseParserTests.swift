import Foundation
import Testing

@testable import PromQL

/// What `QueryResponseParser` makes of each shape of body: a result, Prometheus' error, or the failure (with its
/// message, and whether it is a wrong-shaped result rather than a broken body), whichever JSON reader is under it.
@Suite("Prometheus response bodies, shape by shape")
struct QueryResponseParserTests {
    /// What a body parses to, comparably.
    enum Parsed: Hashable, Sendable {
        case result(QueryResult)
        case error(type: String, message: String)
        case failure(String, unexpected: Bool)
    }

    static func parse(_ body: String) -> Parsed {
        do {
            switch try QueryResponseParser.parse(Data(body.utf8)) {
            case .result(let result): return .result(result)
            case .error(let type, let message): return .error(type: type, message: message)
            }
        } catch {
            return .failure(error.message, unexpected: error.unexpected)
        }
    }

    static func success(_ data: String) -> String { #"{"status":"success","data":"# + data + "}" }

    static let notASample = Parsed.failure("a sample that is not [time, \"value\"]", unexpected: false)

    static let cases: [(String, Parsed)] = [
        ("", .failure("the body is not a JSON object: (empty)", unexpected: false)),
        ("<html>hello</html>", .failure("the body is not a JSON object: \"<html>hello</html>\"", unexpected: false)),
        ("[1]", .failure("the body is not a JSON object: \"[1]\"", unexpected: false)),
        (#"{"status":"success","data":{}"#, .failure(#"the body is not a JSON object: "{"status":"success","data":{}""#, unexpected: false)),
        ("{}", .failure("the body has no status field: \"{}\"", unexpected: false)),
        (#"{"status":1}"#, .failure(#"the body has no status field: "{"status":1}""#, unexpected: false)),
        (#"{"status":"error","errorType":"execution","error":"many-to-many"}"#, .error(type: "execution", message: "many-to-many")),
        (#"{"status":"error"}"#, .error(type: "unknown", message: "(no message)")),
        (#"{"status":"error","errorType":3,"error":null}"#, .error(type: "unknown", message: "(no message)")),
        (#"{"status":"success"}"#, .failure("a success without data.resultType", unexpected: false)),
        (success(#"[]"#), .failure("a success without data.resultType", unexpected: false)),
        (success(#"{"resultType":7}"#), .failure("a success without data.resultType", unexpected: false)),
        (success(#"{"resultType":"matrix","result":[]}"#), .failure(
            "resultType matrix (an instant query must give a vector or a scalar; use no range selector at the top level)",
            unexpected: true)),
        (success(#"{"resultType":"vector","result":{}}"#), .failure("a vector result that is not a list", unexpected: false)),
        (success(#"{"resultType":"vector"}"#), .failure("a vector result that is not a list", unexpected: false)),
        (success(#"{"resultType":"vector","result":[]}"#), .result(.vector([]))),
        (success(#"{"resultType":"vector","result":[1]}"#), .failure("a vector element without value", unexpected: false)),
        (success(#"{"resultType":"vector","result":[{"metric":{}}]}"#), .failure("a vector element without value", unexpected: false)),
        (success(#"{"resultType":"vector","result":[{"value":null}]}"#), notASample),
        (success(#"{"resultType":"vector","result":[{"value":[1]}]}"#), notASample),
        (success(#"{"resultType":"vector","result":[{"value":[1,"2",3]}]}"#), notASample),
        (success(#"{"resultType":"vector","result":[{"value":[1,2]}]}"#), notASample),
        (success(#"{"resultType":"vector","result":[{"value":["1","2"]}]}"#), notASample),
        (success(#"{"resultType":"vector","result":[{"value":[1,"x"]}]}"#), .failure("the value \"x\" is not a number", unexpected: false)),
        (success(#"{"resultType":"vector","result":[{"value":[1,""]}]}"#), .failure("the value \"\" is not a number", unexpected: false)),
        (success(#"{"resultType":"vector","result":[{"value":[1700000000,"1.5"]}]}"#),
            .result(.vector([Sample(labels: [:], value: 1.5, timestamp: 1_700_000_000)]))),
        (success(#"{"resultType":"vector","result":[{"metric":[],"value":[1700000000.123,"-2e3"]}]}"#),
            .result(.vector([Sample(labels: [:], value: -2000, timestamp: 1_700_000_000.123)]))),
        (success(#"{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"caf\u00e9","n":5},"value":[1.5,"+Inf"]},"#
            + #"{"metric":{"job":"b"},"value":[2,"-Inf"]},{"value":[3,"Inf"]},{"value":[4,"0"]}]}"#),
            .result(.vector([
                Sample(labels: ["__name__": "up", "job": "caf\u{e9}", "n": "5"], value: .infinity, timestamp: 1.5),
                Sample(labels: ["job": "b"], value: -.infinity, timestamp: 2),
                Sample(labels: [:], value: .infinity, timestamp: 3),
                Sample(labels: [:], value: 0, timestamp: 4),
            ]))),
        (success(#"{"resultType":"scalar","result":[1700000000,"0.25"]}"#), .result(.scalar(0.25))),
        (success(#"{"resultType":"scalar","result":[1,"-Inf"]}"#), .result(.scalar(-.infinity))),
        (success(#"{"resultType":"scalar"}"#), notASample),
        (success(#"{"resultType":"scalar","result":"0.25"}"#), notASample),
        (success(#"{"resultType":"scalar","result":[1,"many"]}"#), .failure("the value \"many\" is not a number", unexpected: false)),
        (success(#"{"resultType":"string","result":[1,"hello \"world\""]}"#), .result(.string("hello \"world\""))),
        (success(#"{"resultType":"string","result":[1,2]}"#), notASample),
    ]

    @Test(arguments: cases)
    func parses(_ body: String, _ expected: Parsed) {
        #expect(Self.parse(body) == expected, "\(body)")
    }

    @Test func nanIsANumber() throws {
        guard case .result(.vector(let samples)) = Self.parse(Self.success(#"{"resultType":"vector","result":[{"value":[1,"NaN"]}]}"#))
        else {
            Issue.record("NaN was not read as a sample")
            return
        }
        #expect(samples.count == 1 && samples[0].value.isNaN)
        guard case .result(.scalar(let value)) = Self.parse(Self.success(#"{"resultType":"scalar","result":[1,"NaN"]}"#)) else {
            Issue.record("NaN was not read as a scalar")
            return
        }
        #expect(value.isNaN)
    }

    @Test func aLongBodyIsCutInTheMessage() {
        let body = "x" + String(repeating: "y", count: 300)
        #expect(Self.parse(body) == .failure("the body is not a JSON object: \"\(body.prefix(200))…\"", unexpected: false))
    }
}
