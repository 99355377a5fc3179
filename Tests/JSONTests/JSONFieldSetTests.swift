import Testing

import JSON

/// `JSONValue.projected(onto:)` keeps exactly the fields of a ``JSONFieldSet`` and nothing else.
@Suite struct JSONFieldSetTests {
    static let object: JSONValue = [
        "metadata": ["name": "web", "labels": ["app": "web"], "managedFields": [["manager": "kubectl"]]],
        "spec": ["replicas": 2, "template": ["spec": ["containers": [["name": "web", "image": "nginx"]]]]],
        "status": ["conditions": [["type": "Available", "reason": "MinimumReplicasAvailable", "message": "long"], ["type": "Progressing"]]],
    ]

    @Test func keepsTheNamedMembersWholeAndDropsTheRest() {
        let projected = Self.object.projected(onto: ["metadata": ["name": .all, "labels": .all], "spec": ["replicas": .all]])
        #expect(projected == ["metadata": ["name": "web", "labels": ["app": "web"]], "spec": ["replicas": 2]])
    }

    @Test func selectsMembersOfEachElementOfAnArray() {
        let projected = Self.object.projected(onto: ["status": ["conditions": ["type": .all, "reason": .all]]])
        #expect(projected == ["status": ["conditions": [["type": "Available", "reason": "MinimumReplicasAvailable"], ["type": "Progressing"]]]])
    }

    @Test func missingMembersStayAbsentAndScalarsAreKept() {
        #expect(Self.object.projected(onto: ["absent": .all, "spec": ["replicas": ["nested": .all]]]) == ["spec": ["replicas": 2]])
        #expect(JSONValue.string("x").projected(onto: ["a": .all]) == "x")
        #expect(Self.object.projected(onto: .all) == Self.object)
    }

    @Test func unionKeepsWhatEitherKeeps() {
        let a: JSONFieldSet = ["metadata": ["name": .all], "spec": ["replicas": .all]]
        let b: JSONFieldSet = ["metadata": ["labels": .all], "spec": .all]
        #expect(a.union(b) == ["metadata": ["name": .all, "labels": .all], "spec": .all])
        #expect(a.union(.all) == .all)
        let projected = Self.object.projected(onto: a.union(b))
        #expect(projected["spec"] == Self.object["spec"])
        #expect(projected["metadata"] == ["name": "web", "labels": ["app": "web"]])
    }
}
