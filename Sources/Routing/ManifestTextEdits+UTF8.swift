import Foundation

extension ManifestTextEdits {
    /// The offset of the first byte of `data` that does not start or continue a valid UTF-8 sequence (the count of
    /// bytes when all are valid). Surgical edits keep every byte outside them, which only holds when the bytes are
    /// the text: the plug-ins refuse a manifest that is not UTF-8 and name this offset.
    public static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput, .error: return offset
            }
        }
    }
}
