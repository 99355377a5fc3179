import Foundation
import Kubernetes

/// Just enough of Kubernetes' protobuf encoding to accept what `kubectl create namespace`, `kubectl create
/// configmap` and `kubectl create secret generic` send (typed kubectl generators send
/// `application/vnd.kubernetes.protobuf` for built-in kinds). The envelope is `k8s\0` +
/// `runtime.Unknown{typeMeta, raw}`. Read: `metadata` (name, generateName, labels, annotations) of all three,
/// ConfigMap `data`/`binaryData`/`immutable`, Secret `data`/`stringData`/`type`/`immutable`. Other kinds
/// (e.g. `kubectl create deployment`) are not decoded.
enum KubernetesProtobuf {
    static let mediaType = "application/vnd.kubernetes.protobuf"
    private static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    /// The object in `data` as JSON, or nil when it is not one of the kinds decoded here.
    static func object(from data: Data) -> JSONValue? {
        guard data.count > 4, Array(data.prefix(4)) == magic else { return nil }
        do {
            var envelope = ProtobufReader(data.dropFirst(4))
            var apiVersion = ""
            var kind = ""
            var raw: ArraySlice<UInt8> = []
            while let (number, wireType) = try envelope.nextField() {
                switch (number, wireType) {
                case (1, 2):
                    var typeMeta = ProtobufReader(try envelope.lengthDelimited())
                    while let (field, type) = try typeMeta.nextField() {
                        switch (field, type) {
                        case (1, 2): apiVersion = try typeMeta.string()
                        case (2, 2): kind = try typeMeta.string()
                        default: try typeMeta.skip(type)
                        }
                    }
                case (2, 2): raw = try envelope.lengthDelimited()
                default: try envelope.skip(wireType)
                }
            }
            guard apiVersion == "v1", ["Namespace", "ConfigMap", "Secret"].contains(kind) else { return nil }
            var reader = ProtobufReader(raw)
            var object: [String: JSONValue] = ["apiVersion": "v1", "kind": .string(kind)]
            while let (number, wireType) = try reader.nextField() {
                switch (kind, number, wireType) {
                case (_, 1, 2):
                    object["metadata"] = .object(try objectMeta(try reader.lengthDelimited()))
                case ("ConfigMap", 2, 2), ("ConfigMap", 3, 2), ("Secret", 2, 2), ("Secret", 4, 2):
                    let field = ["ConfigMap": [2: "data", 3: "binaryData"], "Secret": [2: "data", 4: "stringData"]][kind]![number]!
                    let (key, value) = try entry(try reader.lengthDelimited())
                    let binary = (kind == "ConfigMap" && number == 3) || (kind == "Secret" && number == 2)
                    var members = object[field]?.objectValue ?? [:]
                    members[key] = .string(binary ? Data(value).base64EncodedString() : String(decoding: value, as: UTF8.self))
                    object[field] = .object(members)
                case ("ConfigMap", 4, 0), ("Secret", 5, 0):
                    object["immutable"] = .bool(try reader.varint() != 0)
                case ("Secret", 3, 2):
                    object["type"] = .string(try reader.string())
                default:
                    try reader.skip(wireType)
                }
            }
            return .object(object)
        } catch {
            return nil
        }
    }

    private static func objectMeta(_ bytes: ArraySlice<UInt8>) throws -> [String: JSONValue] {
        var reader = ProtobufReader(bytes)
        var metadata: [String: JSONValue] = [:]
        var labels: [String: JSONValue] = [:]
        var annotations: [String: JSONValue] = [:]
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, 2): metadata["name"] = .string(try reader.string())
            case (2, 2): metadata["generateName"] = .string(try reader.string())
            case (11, 2), (12, 2):
                let (key, bytes) = try entry(try reader.lengthDelimited())
                let value = JSONValue.string(String(decoding: bytes, as: UTF8.self))
                if number == 11 { labels[key] = value } else { annotations[key] = value }
            default: try reader.skip(wireType)
            }
        }
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        return metadata
    }

    /// One map entry: key (field 1, a string) and value (field 2, bytes).
    private static func entry(_ bytes: ArraySlice<UInt8>) throws -> (String, ArraySlice<UInt8>) {
        var reader = ProtobufReader(bytes)
        var key = ""
        var value: ArraySlice<UInt8> = []
        while let (field, type) = try reader.nextField() {
            switch (field, type) {
            case (1, 2): key = try reader.string()
            case (2, 2): value = try reader.lengthDelimited()
            default: try reader.skip(type)
            }
        }
        return (key, value)
    }
}
