import Testing
import YAML

/// A human-written, oddly formatted two-document file: a DestinationRule, then the VirtualService.
private let original = """
    # Managed by humans; only weights are touched by the reconciler.
    apiVersion: networking.istio.io/v1beta1
    kind: DestinationRule
    metadata: {name: reviews}
    spec:
      host: reviews
      subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
    ---
    apiVersion: "networking.istio.io/v1beta1"   # quoted on purpose
    kind: VirtualService
    metadata:
      name: 'reviews'    # the name
      annotations:
        note: "weights: 80/20 — don't change this comment ✓"


    spec:
      hosts: [ reviews ]
      http:
        -   name:   primary      # odd indentation
            route:
            # baseline first
            - destination:
                host: reviews
                subset: v1
              weight:    80   # eighty
            - {destination: {host: reviews, subset: v2}, weight: 20}
        - name: mirror
          route:
          - destination: {host: reviews, subset: v1}
            weight: "100"
    """

private let expected = """
    # Managed by humans; only weights are touched by the reconciler.
    apiVersion: networking.istio.io/v1beta1
    kind: DestinationRule
    metadata: {name: reviews}
    spec:
      host: reviews
      subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
    ---
    apiVersion: "networking.istio.io/v1beta1"   # quoted on purpose
    kind: VirtualService
    metadata:
      name: 'reviews'    # the name
      annotations:
        note: "weights: 80/20 — don't change this comment ✓"


    spec:
      hosts: [ reviews ]
      http:
        -   name:   primary      # odd indentation
            route:
            # baseline first
            - destination:
                host: reviews
                subset: v1
              weight:    55   # eighty
            - {destination: {host: reviews, subset: v2}, weight: 45}
        - name: mirror
          route:
          - destination: {host: reviews, subset: v1}
            weight: "0"
    """

@Suite struct EditorTests {
    @Test func changesOnlyTheWeightsByteForByte() throws {
        let editor = try YAMLEditor(source: original, file: "istio/reviews.yaml")
        let updated = try editor.replacingScalars(
            [
                YAMLEdit(path: ["spec", "http", 0, "route", 0, "weight"], integer: 55),
                YAMLEdit(path: try YAMLPath(parsing: "spec.http[0].route[1].weight"), integer: 45),
                YAMLEdit(path: ["spec", "http", 1, "route", 0, "weight"], newText: "\"0\""),
            ], inDocument: 1)
        #expect(updated == expected)
        #expect(Array(updated.utf8) == Array(expected.utf8))
    }

    @Test func locatesRoutesByWalkingTheTree() throws {
        let editor = try YAMLEditor(source: original)
        var edits: [YAMLEdit] = []
        editor.documents[1].root.forEachNode { path, node in
            guard path.components.last == .key("weight"),
                let route = editor.documents[1].node(at: YAMLPath(path.components.dropLast())),
                route["destination"]?["subset"]?.scalar?.value == "v2"
            else { return }
            edits.append(YAMLEdit(path: path, integer: 45))
        }
        #expect(edits.map(\.path.description) == ["spec.http[0].route[1].weight"])
        let updated = try editor.replacingScalars(edits, inDocument: 1)
        #expect(updated == original.replacingOccurrences(of: "weight: 20}", with: "weight: 45}"))
    }

    @Test func editsTheAddressedDocumentOnly() throws {
        let text = "weight: 1\n---\nweight: 1\n---\nweight: 1\n"
        let updated = try YAMLEditor(source: text).replacingScalar(at: ["weight"], with: "2", inDocument: 1)
        #expect(updated == "weight: 1\n---\nweight: 2\n---\nweight: 1\n")
    }

    @Test func keepsNonASCIITextAroundTheEdit() throws {
        let text = "a: \"✓ é\"  # ✓\nb: 1 # é\nc: ✓\n"
        let updated = try YAMLEditor(source: text).replacingScalars([
            YAMLEdit(path: ["b"], integer: 22), YAMLEdit(path: ["c"], newText: "'✓✓'"),
        ])
        #expect(updated == "a: \"✓ é\"  # ✓\nb: 22 # é\nc: '✓✓'\n")
    }

    @Test func refusesEditsThatWouldChangeStructure() throws {
        let editor = try YAMLEditor(source: original, file: "istio/reviews.yaml")
        let weight: YAMLPath = ["spec", "http", 0, "route", 1, "weight"]
        for bad in ["20, extra: 1", "20}", "[20]", "20\nextra: 1", "", "!!str 20", "# c"] {
            #expect(throws: YAMLError.self, "\(bad.debugDescription)") {
                try editor.replacingScalar(at: weight, with: bad, inDocument: 1)
            }
        }
        let notScalar = #expect(throws: YAMLError.self) {
            try editor.replacingScalar(at: ["spec", "http", 0, "route"], with: "1", inDocument: 1)
        }
        #expect(notScalar?.code == .invalidEdit)
        #expect(notScalar?.description == "istio/reviews.yaml:23:9: spec.http[0].route: a sequence is not a scalar")
        let missing = #expect(throws: YAMLError.self) {
            try editor.replacingScalar(at: ["spec", "http", 0, "route", 2, "weight"], with: "1", inDocument: 1)
        }
        #expect(missing?.code == .pathNotFound)
        #expect(throws: YAMLError.self) { try editor.replacingScalar(at: ["kind"], with: "X", inDocument: 2) }
    }

    @Test func refusesTwoEditsOfOneAliasedScalar() throws {
        let editor = try YAMLEditor(source: "a: &w 10\nb: [*w]\n")
        // The alias has its own source text, so editing through it replaces `*w` only.
        #expect(try editor.replacingScalar(at: ["b", 0], with: "5") == "a: &w 10\nb: [5]\n")
        #expect(try editor.replacingScalar(at: ["a"], with: "7") == "a: &w 7\nb: [*w]\n")
        #expect(try YAMLEditor(source: "a: !!int 10\n").replacingScalar(at: ["a"], with: "7") == "a: !!int 7\n")
        #expect(throws: YAMLError.self) {
            try editor.replacingScalars([YAMLEdit(path: ["a"], integer: 1), YAMLEdit(path: ["a"], integer: 2)])
        }
    }
}
