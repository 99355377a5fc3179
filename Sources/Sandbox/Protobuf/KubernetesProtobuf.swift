import Foundation
import Kubernetes

/// Just enough of Kubernetes' protobuf encoding to accept the `Namespace` that `kubectl create namespace`
/// sends (typed kubectl generators send `application/vnd.kubernetes.protobuf` for built-in kinds). The
/// envelope is `k8s\0` + `runtime.Unknown{typeMeta, raw}`; of the Namespace only `metadata` (name,
/// generateName, labels, annotations) is read — a Namespace's spec and status are server-defaulted anyway.
enum KubernetesProtobuf {
    static let mediaType = "application/vnd.kubernetes.protobuf"
    private static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    /// The object in `data` as JSON, or nil when it is not a protobuf Namespace.
    static func namespace(from data: Data) -> JSONValue? {
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
            guard apiVersion == "v1", kind == "Namespace" else { return nil }
            var object = ProtobufReader(raw)
            var metadata: [String: JSONValue] = [:]
            while let (number, wireType) = try object.nextField() {
                guard number == 1, wireType == 2 else {
                    try object.skip(wireType)
                    continue
                }
                metadata = try objectMeta(try object.lengthDelimited())
            }
            return ["apiVersion": "v1", "kind": "Namespace", "metadata": .object(metadata)]
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
                var entry = ProtobufReader(try reader.lengthDelimited())
                var key = ""
                var value = ""
                while let (field, type) = try entry.nextField() {
                    switch (field, type) {
                    case (1, 2): key = try entry.string()
                    case (2, 2): value = try entry.string()
                    default: try entry.skip(type)
                    }
                }
                if number == 11 { labels[key] = .string(value) } else { annotations[key] = .string(value) }
            default: try reader.skip(wireType)
            }
        }
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        return metadata
    }
}
