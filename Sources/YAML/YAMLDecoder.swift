/// Decodes `Decodable` models from YAML nodes, with `file:line:col: path: message` errors and unknown-field checks.
///
/// ```swift
/// let spec = try YAMLDecoder().decode(ExperimentSpec.self, from: text, file: "experiments/reviews.yaml")
/// ```
/// Strings accept any non-null scalar's text (`10m`, `0.01`, `v1`); integers, floats and booleans need a plain
/// (or explicitly tagged) scalar of that core-schema type. `Date` is read from RFC 3339 text, `URL` from a string,
/// `Decimal` from a plain number, `YAMLNode` is handed over raw (its contents are never unknown fields).
public struct YAMLDecoder: Sendable {
    /// What to do with mapping keys that no model field looked at.
    public enum UnknownFieldPolicy: Sendable, Hashable {
        /// Report them as errors: `decode` throws the first one.
        case error
        /// Report them as warnings in `YAMLDecodeReport.warnings`; `decode` succeeds.
        case warning
        /// Do not look for them.
        case ignore
    }

    /// What to do with unknown fields (default `.error`).
    public var unknownFields: UnknownFieldPolicy
    /// Limits used when decoding from text.
    public var limits: YAMLLimits
    /// Passed to models as `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates a decoder.
    public init(
        unknownFields: UnknownFieldPolicy = .error, limits: YAMLLimits = .default,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) {
        self.unknownFields = unknownFields
        self.limits = limits
        self.userInfo = userInfo
    }

    /// Decodes `type` from a node; throws the first problem (a decoding error, or an unknown field under `.error`).
    public func decode<T: Decodable>(_ type: T.Type = T.self, from node: YAMLNode, file: String? = nil) throws -> T {
        try report(type, from: node, file: file).get()
    }

    /// Decodes `type` from a parsed document (its `file` names the errors).
    public func decode<T: Decodable>(_ type: T.Type = T.self, from document: YAMLDocument) throws -> T {
        try report(type, from: document.root, file: document.file).get()
    }

    /// Parses `text` (at most one document) and decodes `type` from it.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from text: String, file: String? = nil) throws -> T {
        try report(type, from: text, file: file).get()
    }

    /// Parses a multi-document stream and decodes every document as `type`, throwing the first problem.
    public func decodeStream<T: Decodable>(
        _ type: T.Type = T.self, from text: String, file: String? = nil
    ) throws -> [T] {
        try YAMLParser(limits: limits).parseStream(text, file: file).map { try decode(type, from: $0) }
    }

    /// Parses `text` (at most one document) and decodes it, collecting every problem instead of throwing.
    public func report<T: Decodable>(
        _ type: T.Type = T.self, from text: String, file: String? = nil
    ) -> YAMLDecodeReport<T> {
        do {
            let document = try YAMLParser(limits: limits).parseDocument(text, file: file)
            return report(type, from: document.root, file: file)
        } catch {
            let parseError = YAMLDecoder.yamlError(error, file: file, root: nil)
            return YAMLDecodeReport(value: nil, errors: [parseError], warnings: [])
        }
    }

    /// Decodes `type` from a node, collecting every problem instead of throwing: the first decoding error and
    /// all unknown fields (as errors or warnings, by `unknownFields`).
    public func report<T: Decodable>(
        _ type: T.Type = T.self, from node: YAMLNode, file: String? = nil
    ) -> YAMLDecodeReport<T> {
        let context = YAMLDecodingContext(file: file, userInfo: userInfo)
        let decoder = YAMLNodeDecoder(node: node, path: YAMLPath(), codingPath: [], context: context)
        var value: T?
        var errors: [YAMLError] = []
        var incompletePath: YAMLPath?
        do {
            value = try decoder.decode(T.self)
        } catch {
            let converted = YAMLDecoder.yamlError(error, file: file, root: node)
            errors.append(converted)
            // A path that does not re-parse (a key holding `.` or `[`) only narrows which mappings are skipped.
            incompletePath = (try? YAMLPath(parsing: converted.path)) ?? YAMLPath()
        }
        var warnings: [YAMLError] = []
        if unknownFields != .ignore {
            let unknown = context.unknownFields(in: node, incompletePath: incompletePath)
            if unknownFields == .error { errors += unknown } else { warnings += unknown }
        }
        return YAMLDecodeReport(value: value, errors: errors, warnings: warnings)
    }

    /// Turns anything a model may throw into a `YAMLError`, locating `DecodingError`s by their coding path.
    static func yamlError(_ error: any Error, file: String?, root: YAMLNode?) -> YAMLError {
        if let error = error as? YAMLError { return error.inFile(file) }
        guard let decodingError = error as? DecodingError else {
            return YAMLError(code: .invalidValue, message: "\(error)", file: file, mark: root?.mark)
        }
        let code: YAMLError.Code
        let context: DecodingError.Context
        let path: YAMLPath
        switch decodingError {
        case .typeMismatch(_, let ctx):
            (code, context, path) = (.typeMismatch, ctx, YAMLPath(codingPath: ctx.codingPath))
        case .valueNotFound(_, let ctx):
            (code, context, path) = (.typeMismatch, ctx, YAMLPath(codingPath: ctx.codingPath))
        case .keyNotFound(let key, let ctx):
            (code, context, path) = (.missingField, ctx, YAMLPath(codingPath: ctx.codingPath + [key]))
        case .dataCorrupted(let ctx):
            (code, context, path) = (.invalidValue, ctx, YAMLPath(codingPath: ctx.codingPath))
        @unknown default:
            return YAMLError(code: .invalidValue, message: "\(decodingError)", file: file, mark: root?.mark)
        }
        // The mark is the deepest node on the path that exists (the parent mapping for a missing key).
        var mark = root?.mark
        var node = root
        for component in path.components {
            node = node?.node(at: YAMLPath([component]))
            if let node { mark = node.mark } else { break }
        }
        let message = code == .missingField ? "missing required field" : context.debugDescription
        return YAMLError(code: code, message: message, file: file, mark: mark, path: path.description)
    }
}
