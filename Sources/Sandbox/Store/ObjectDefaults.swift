import Foundation
import Kubernetes

/// Server-side defaults the Sandbox fills in, a small subset of kube-apiserver's.
enum ObjectDefaults {
    static func apply(to object: inout JSONValue, served: ServedResource) {
        switch served.resource {
        case "deployments":
            if object["spec"] == nil { object["spec"] = [:] }
            if object["spec"]?["replicas"] == nil { object["spec"]?["replicas"] = 1 }
        case "namespaces":
            let name = object["metadata"]?["name"] ?? .null
            if object["metadata"]?["labels"] == nil { object["metadata"]?["labels"] = [:] }
            object["metadata"]?["labels"]?["kubernetes.io/metadata.name"] = name
            if object["spec"] == nil { object["spec"] = ["finalizers": ["kubernetes"]] }
            if object["status"] == nil { object["status"] = ["phase": "Active"] }
        case "secrets":
            if (object["type"]?.stringValue ?? "").isEmpty { object["type"] = "Opaque" }
            // kube-apiserver writes `stringData` into `data` (base64, overriding equal keys) and never stores it.
            if let strings = object["stringData"]?.objectValue {
                var data = object["data"]?.objectValue ?? [:]
                for (key, value) in strings {
                    data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
                }
                object["data"] = .object(data)
                object["stringData"] = nil
            }
        case "services":
            if object["status"] == nil { object["status"] = ["loadBalancer": [:]] }
        default:
            break
        }
    }
}
