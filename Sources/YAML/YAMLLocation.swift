/// Where a decoded value came from: file, mark and field path. Use it to report semantic errors
/// (for example a duplicate version name) in the same `file:line:col: path: message` form as decoding errors.
public struct YAMLLocation: Sendable, Hashable, CustomStringConvertible {
    /// Display name of the file, if known.
    public var file: String?
    /// The node's start mark.
    public var mark: YAMLMark
    /// The field path from the document root.
    public var path: YAMLPath

    /// Creates a location.
    public init(file: String?, mark: YAMLMark, path: YAMLPath) {
        self.file = file
        self.mark = mark
        self.path = path
    }

    /// An error at this location.
    public func error(_ code: YAMLError.Code, _ message: String) -> YAMLError {
        YAMLError(code: code, message: message, file: file, mark: mark, path: path.description)
    }

    /// `file:line:col: path`.
    public var description: String {
        let position = "\(mark.line):\(mark.column)"
        let place = file.map { "\($0):\(position)" } ?? position
        return path.isEmpty ? place : "\(place): \(path)"
    }
}

extension Decoder {
    /// The location of the node this decoder reads, when it is a `YAMLDecoder`'s decoder; nil otherwise.
    ///
    /// Call it in `init(from:)` to keep locations for later validation errors.
    public var yamlLocation: YAMLLocation? { (self as? YAMLNodeDecoder)?.location }

    /// The raw node this decoder reads, when it is a `YAMLDecoder`'s decoder; nil otherwise.
    public var yamlNode: YAMLNode? { (self as? YAMLNodeDecoder)?.node }
}
