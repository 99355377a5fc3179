import Foundation
import GitOps
import Testing
import YAML

/// The invalid fixtures (`Fixtures/invalid`): the JSON Schema rejects those `iter8 validate` rejects for a
/// structural reason at the same field path, and those with only semantic problems are listed with the
/// reason a schema cannot see them.
@Suite("The JSON Schemas reject invalid fixtures where iter8 validate does")
struct SchemaFixtureTests {
    /// Fixtures whose every error is structural: an unknown field, a wrong type, a value outside an enum,
    /// pattern or range, a missing required field, or a count the testing pattern fixes.
    static let structural: Set<String> = [
        "bad-field-path.yaml",  // pattern: weightObjRef.fieldPath must start with '.'
        "bad-quantity.yaml",  // pattern: upperLimit is not a Kubernetes quantity
        "candidate-count.yaml",  // if Canary then exactly 1 candidate
        "duration-mode.yaml",  // enum: duration.mode; range: duration.maxIterations, analysis.tolerance
        "missing-baseline.yaml",  // required
        "objective-without-limits.yaml",  // anyOf upperLimit / lowerLimit; if A/B then 1 reward
        "reward-count.yaml",  // if A/B/N then criteria.rewards required (criteria is missing: reported at spec.criteria)
        "unknown-field.yaml",  // additionalProperties: false
        "v1-unknown-direction.yaml",  // if a threshold then the metric is one of the v1 metrics with a known direction
        "wrong-type.yaml",  // type: integer
    ]

    /// Fixtures a JSON Schema cannot reject, and why.
    static let semanticOnly: [String: String] = [
        "duplicate-version.yaml": "version names must be unique: JSON Schema cannot compare a field across array items",
        "duration-bounds.yaml": "minIterations ≤ iterationsPerLoop × maxLoops ≤ maxIterations: JSON Schema cannot compare one field with a product of others",
        "unknown-metric.yaml": "a metric reference must resolve to a Metric file elsewhere in the repository or a built-in",
        "unknown-placeholder.yaml": "a query's placeholders must be defined by every version of the experiments using it: another document",
        "syntax.yaml": "not YAML: there is no document to check",
    ]

    static var folder: URL { JSONSchemaChecker.fixtures.appendingPathComponent("invalid") }

    /// iter8 validate's errors for a fixture, loaded and resolved as the command does.
    static func iter8Errors(_ file: URL) throws -> [LocatedIssue] {
        var set = SpecSet()
        set.add(SpecLoader().load(try String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent))
        set.resolveMetrics()
        return set.errors
    }

    /// The schema's errors for each iter8 document of a fixture, in document order.
    static func schemaErrors(_ file: URL) async throws -> [JSONSchemaChecker.Failure] {
        var failures: [JSONSchemaChecker.Failure] = []
        for (schema, root) in try JSONSchemaChecker.documents(file) {
            failures += try await JSONSchemaChecker.check([JSONSchemaChecker.json(root)], against: schema)[0]
        }
        return failures
    }

    /// The schema matches iter8's path when it reports the same field, or reports a required field missing
    /// on the way to the field iter8 reports (iter8 names the innermost missing field, the schema the outermost).
    static func matches(_ failure: JSONSchemaChecker.Failure, _ path: String) -> Bool {
        failure.path == path || failure.keyword == "required" && path.hasPrefix(failure.path + ".")
    }

    @Test("every invalid fixture is classified, and iter8 validate rejects each")
    func classified() throws {
        let names = try SamplesTests.files(Self.folder).map(\.lastPathComponent)
        #expect(Set(names) == Self.structural.union(Self.semanticOnly.keys))
        #expect(Self.structural.isDisjoint(with: Self.semanticOnly.keys))
        for name in names {
            #expect(!(try Self.iter8Errors(Self.folder.appendingPathComponent(name))).isEmpty, "\(name)")
        }
    }

    @Test("the schema reports every structural error of iter8 validate at the same field path", arguments: structural.sorted())
    func structuralFixture(_ name: String) async throws {
        let file = Self.folder.appendingPathComponent(name)
        let iter8 = try Self.iter8Errors(file)
        let schema = try await Self.schemaErrors(file)
        #expect(!iter8.isEmpty)
        for issue in iter8 {
            #expect(
                schema.contains { Self.matches($0, issue.path) },
                "\(name): iter8 validate reports \(issue.path), the schema only \(schema.map(\.description))")
        }
    }

    @Test("the semantic-only fixtures pass the schema: their problems need more than one field to see", arguments: semanticOnly.keys.sorted())
    func semanticFixture(_ name: String) async throws {
        let file = Self.folder.appendingPathComponent(name)
        if name == "syntax.yaml" {
            #expect(throws: YAMLError.self) { try JSONSchemaChecker.documents(file) }
            return
        }
        #expect(!(try JSONSchemaChecker.documents(file)).isEmpty)
        let schema = try await Self.schemaErrors(file)
        #expect(schema.isEmpty, "\(name): \(schema)")
    }
}
