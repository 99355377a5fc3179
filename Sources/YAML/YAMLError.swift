/// The one error type of the YAML module: parsing, limits, decoding, encoding and editing all throw it.
///
/// `description` renders `file:line:col: path: message`, leaving out the parts that are unknown, for example
/// `experiments/reviews.yaml:14:22: spec.duration.intervalSeconds: expected an integer, found "ten"`.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an evolvable set of codes (compare with `==`, switch with `case .syntax`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case syntax, invalidUTF8, invalidCharacter, tooLarge, tooDeep, tooManyAliases, undefinedAlias
            case duplicateKey, typeMismatch, missingField, unknownField, invalidValue, outOfRange
            case emitter, pathNotFound, invalidEdit, outOfMemory
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// libyaml rejected the text (scanner or parser error).
        public static let syntax = Code(.syntax)
        /// The input is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// The input holds a character YAML forbids (for example a control character).
        public static let invalidCharacter = Code(.invalidCharacter)
        /// The input is larger than `YAMLLimits.maxInputBytes`.
        public static let tooLarge = Code(.tooLarge)
        /// Collections nest deeper than `YAMLLimits.maxDepth` (aliases included).
        public static let tooDeep = Code(.tooDeep)
        /// Alias expansion produced more nodes than `YAMLLimits.maxAliasExpansion`.
        public static let tooManyAliases = Code(.tooManyAliases)
        /// An alias names an anchor that was never defined.
        public static let undefinedAlias = Code(.undefinedAlias)
        /// A mapping holds the same key twice.
        public static let duplicateKey = Code(.duplicateKey)
        /// A node has the wrong kind or type for the field decoding it.
        public static let typeMismatch = Code(.typeMismatch)
        /// A required mapping key is absent.
        public static let missingField = Code(.missingField)
        /// A mapping key that no model field looked at.
        public static let unknownField = Code(.unknownField)
        /// A value has the right type but is not acceptable (for example an unknown enum case).
        public static let invalidValue = Code(.invalidValue)
        /// A number does not fit in the integer or floating-point type decoding it.
        public static let outOfRange = Code(.outOfRange)
        /// libyaml's emitter refused an event, or a value cannot be encoded.
        public static let emitter = Code(.emitter)
        /// An editor or lookup path does not lead to a node.
        public static let pathNotFound = Code(.pathNotFound)
        /// A surgical edit is not possible or would change more than the addressed scalar.
        public static let invalidEdit = Code(.invalidEdit)
        /// libyaml could not allocate memory.
        public static let outOfMemory = Code(.outOfMemory)

        /// The code's name, for example `duplicateKey`.
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human message naming the cause, without the location prefix.
    public var message: String
    /// Display name of the file (as given by the caller), if known.
    public var file: String?
    /// Where in the text the problem is, if known.
    public var mark: YAMLMark?
    /// A second location involved, for example the first occurrence of a duplicate key.
    public var relatedMark: YAMLMark?
    /// The field path, for example `spec.versionInfo.candidates[1].name`; empty for the document root.
    public var path: String

    /// Creates an error.
    public init(
        code: Code, message: String, file: String? = nil, mark: YAMLMark? = nil, relatedMark: YAMLMark? = nil,
        path: String = ""
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.mark = mark
        self.relatedMark = relatedMark
        self.path = path
    }

    /// 1-based line of `mark`, if known.
    public var line: Int? { mark?.line }
    /// 1-based column of `mark` (in Unicode scalars, as libyaml counts), if known.
    public var column: Int? { mark?.column }

    /// `file:line:col: path: message`, leaving out unknown parts.
    public var description: String {
        var location = file ?? ""
        if let mark {
            location += location.isEmpty ? "\(mark.line):\(mark.column)" : ":\(mark.line):\(mark.column)"
        }
        var parts: [String] = []
        if !location.isEmpty { parts.append(location) }
        if !path.isEmpty { parts.append(path) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// A copy with `file` set when it was not known yet.
    func inFile(_ name: String?) -> YAMLError {
        var copy = self
        if copy.file == nil { copy.file = name }
        return copy
    }
}
