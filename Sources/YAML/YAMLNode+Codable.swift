/// `YAMLNode` as a field of a model: `YAMLDecoder` hands the raw node over (its keys are never unknown fields)
/// and `YAMLEncoder` writes it back as is. Other coders are refused.
extension YAMLNode: Codable {
    /// Takes the decoder's node; only `YAMLDecoder` can do this.
    public init(from decoder: any Decoder) throws {
        guard let node = decoder.yamlNode else {
            throw DecodingError.typeMismatch(
                YAMLNode.self,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "YAMLNode needs YAMLDecoder"))
        }
        self = node
    }

    /// Writes the node; only `YAMLEncoder` can do this.
    public func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? YAMLNodeEncoder else {
            throw EncodingError.invalidValue(
                self,
                EncodingError.Context(codingPath: encoder.codingPath, debugDescription: "YAMLNode needs YAMLEncoder"))
        }
        encoder.box.setNode(self)
    }
}
