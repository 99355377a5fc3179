import Experiments
import Foundation
import Testing

/// The JSON Schemas and the Swift document model name the same fields at every level, so a field added to
/// one and not the other fails here.
@Suite("The JSON Schemas name exactly the fields of the Swift document model")
struct SchemaModelTests {
    /// The Swift type a schema's root decodes into.
    static func model(_ schema: JSONSchemaChecker.Schema) -> any Decodable.Type {
        switch schema {
        case .experimentV2: ExperimentDocument.self
        case .experimentV1: V1Alpha2Document.self
        case .metric: MetricDocument.self
        }
    }

    @Test("property names, closed objects, descriptions and scalar types match", arguments: JSONSchemaChecker.Schema.allCases)
    func matches(_ schema: JSONSchemaChecker.Schema) throws {
        let type = Self.model(schema)
        var walker = SchemaModelWalker(root: try schema.json())
        walker.compareRoot(type)
        #expect(walker.problems.isEmpty, "\(schema.rawValue):\n\(walker.problems.joined(separator: "\n"))")
        // Guards against a walk that stops early: the levels and fields each model had when this was written.
        let minimum = Self.minimumCounts(schema)
        #expect(walker.objectCount >= minimum.objects)
        #expect(walker.propertyCount >= minimum.properties)
    }

    /// Object levels and properties each walk covered when the schemas were written (the walk never stops early).
    static func minimumCounts(_ schema: JSONSchemaChecker.Schema) -> (objects: Int, properties: Int) {
        switch schema {
        case .experimentV2: (23, 88)
        case .experimentV1: (15, 55)
        case .metric: (6, 28)
        }
    }

    /// A document type with one field more than the schema, and one nested type with a field less.
    struct Widened: Codable {
        var apiVersion: String?
        var kind: String?
        var metadata: Meta?
        var spec: ExperimentDocument.Spec?
        var status: String?

        struct Meta: Codable {
            var name: String?
            var namespace: String?
            var labels: [String: Int]?
        }
    }

    @Test("the walker reports a field missing on either side and a type that does not fit")
    func reportsMismatches() throws {
        var walker = SchemaModelWalker(root: try JSONSchemaChecker.Schema.experimentV2.json())
        walker.compareRoot(Widened.self)
        #expect(walker.problems.contains { $0.hasPrefix("(root): ") && $0.contains("has field status, the schema does not") })
        #expect(walker.problems.contains { $0.hasPrefix("metadata: ") && $0.contains("the schema has property annotations") })
        #expect(walker.problems.contains { $0.hasPrefix("metadata.labels.*: Int needs JSON type [\"integer\"]") })
        #expect(walker.problems.count == 3, "\(walker.problems)")
    }
}
