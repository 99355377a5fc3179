import Kubernetes
import Sandbox
import Testing

@Suite("Strategic merge patch approximation")
struct StrategicMergePatchTests {
    let deployment: JSONValue = [
        "spec": [
            "replicas": 2,
            "template": [
                "spec": [
                    "containers": [
                        ["name": "app", "image": "app:1", "ports": [["containerPort": 80], ["containerPort": 9090]]],
                        ["name": "sidecar", "image": "proxy:1"],
                    ]
                ]
            ],
        ]
    ]

    private func containers(_ value: JSONValue) -> [JSONValue] {
        value["spec"]?["template"]?["spec"]?["containers"]?.arrayValue ?? []
    }

    @Test("Containers merge by name; fields not in the patch survive")
    func mergeByName() {
        let patch: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "app", "image": "app:2"]]]]]]
        let result = containers(StrategicMergePatch.apply(patch, to: deployment))
        #expect(result.count == 2)
        #expect(result[0]["image"] == "app:2")
        #expect(result[0]["ports"]?.arrayValue?.count == 2)
        #expect(result[1]["image"] == "proxy:1")
    }

    @Test("$patch: delete removes a list element; container ports merge by containerPort")
    func deleteDirective() {
        let patch: JSONValue = [
            "spec": [
                "template": [
                    "spec": [
                        "containers": [
                            ["name": "sidecar", "$patch": "delete"],
                            ["name": "app", "ports": [["containerPort": 9090, "$patch": "delete"], ["containerPort": 443]]],
                        ]
                    ]
                ]
            ]
        ]
        let result = containers(StrategicMergePatch.apply(patch, to: deployment))
        #expect(result.compactMap { $0["name"]?.stringValue } == ["app"])
        #expect(result[0]["ports"] == [["containerPort": 80], ["containerPort": 443]])
    }

    @Test("$setElementOrder reorders; null removes a field; lists without a merge key are replaced")
    func orderAndReplace() {
        let patch: JSONValue = [
            "spec": [
                "replicas": nil,
                "template": [
                    "spec": [
                        "$setElementOrder/containers": [["name": "sidecar"], ["name": "app"]],
                        "containers": [["name": "app", "args": ["--fast"]]],
                    ]
                ],
            ]
        ]
        let result = StrategicMergePatch.apply(patch, to: deployment)
        #expect(result["spec"]?["replicas"] == nil)
        #expect(containers(result).compactMap { $0["name"]?.stringValue } == ["sidecar", "app"])
        #expect(containers(result)[1]["args"] == ["--fast"])
        let replaced = StrategicMergePatch.apply(["spec": ["hosts": ["b"]]], to: ["spec": ["hosts": ["a", "c"]]])
        #expect(replaced["spec"]?["hosts"] == ["b"])
    }
}
