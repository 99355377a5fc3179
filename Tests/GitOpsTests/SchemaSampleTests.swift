import Foundation
import GitOps
import Testing

/// Every Experiment and Metric that `iter8 validate` accepts (the samples, the valid fixtures, and a file
/// with every field) is accepted by its JSON Schema.
@Suite("The JSON Schemas accept every valid spec")
struct SchemaSampleTests {
    /// `samples/**/*.yaml`, `Fixtures/valid/*.yaml` and the every-field files.
    static func validFiles() throws -> [URL] {
        try SamplesTests.files(JSONSchemaChecker.repository.appendingPathComponent("samples"))
            + SamplesTests.files(JSONSchemaChecker.fixtures.appendingPathComponent("valid"))
            + ["every-field.yaml", "every-field-v1alpha2.yaml"].map {
                JSONSchemaChecker.fixtures.appendingPathComponent("schema/\($0)")
            }
    }

    @Test("the every-field files are valid for iter8 validate, warnings aside")
    func everyFieldIsValid() throws {
        var set = SpecSet()
        for name in ["every-field.yaml", "every-field-v1alpha2.yaml"] {
            let file = JSONSchemaChecker.fixtures.appendingPathComponent("schema/\(name)")
            set.add(SpecLoader().load(try String(contentsOf: file, encoding: .utf8), file: file.path))
        }
        set.resolveMetrics()
        #expect(set.errors.isEmpty, "\(set.errors.map(\.description).joined(separator: "\n"))")
        #expect(set.experiments.count == 3)
        #expect(set.metrics.count == 1)
    }

    @Test("every valid Experiment and Metric document validates against its schema")
    func validDocuments() async throws {
        var bySchema: [JSONSchemaChecker.Schema: [(file: String, json: Any)]] = [:]
        for file in try Self.validFiles() {
            for (schema, root) in try JSONSchemaChecker.documents(file) {
                bySchema[schema, default: []].append((file.lastPathComponent, JSONSchemaChecker.json(root)))
            }
        }
        // 8 sample experiments, 3 valid fixtures and 3 every-field experiments; 3 sample metrics and 1 more.
        #expect(bySchema[.experimentV2, default: []].count >= 11)
        #expect(bySchema[.experimentV1, default: []].count >= 3)
        #expect(bySchema[.metric, default: []].count >= 4)
        for (schema, documents) in bySchema {
            let results = try await JSONSchemaChecker.check(documents.map(\.json), against: schema)
            for (document, failures) in zip(documents, results) {
                #expect(failures.isEmpty, "\(document.file) against \(schema.rawValue): \(failures)")
            }
        }
    }

    @Test("every schema is a valid draft-07 schema")
    func schemasAreDraft07() async throws {
        for schema in JSONSchemaChecker.Schema.allCases {
            let json = try schema.json()
            #expect(json["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
            #expect(json["description"] is String)
            // check.py checks the schema against the draft-07 meta-schema first and exits 2 when it fails.
            #expect(try await JSONSchemaChecker.check([], against: schema).isEmpty)
        }
    }
}
