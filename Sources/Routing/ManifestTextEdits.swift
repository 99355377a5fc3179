import Kubernetes
import YAML

/// Text-level edits of a YAML manifest that keep every other byte: removing a whole block entry (a sequence
/// item or a mapping pair, with its lines), and the scalar replacements that turn one document's value into
/// another that differs only in scalars. Shared by the routing plug-ins' manifest editors.
public enum ManifestTextEdits {
    /// The byte range of the lines holding the node at `path` (a block sequence item, or a mapping pair
    /// whose key starts its line), from the start of its first line through the end of its last line
    /// (a trailing comment on that line included).
    ///
    /// - Throws: ``ManifestEditRefusal`` when the entry cannot be cut out as whole lines (flow style, or it shares a
    ///   line with other content).
    public static func entryLines(of path: YAMLPath, in document: YAMLDocument, bytes: [UInt8], file: String?)
        throws(ManifestEditRefusal) -> Range<Int>
    {
        guard let last = path.components.last else { throw refused("the document root", file) }
        let parentPath = YAMLPath(Array(path.components.dropLast()))
        guard let parent = document.node(at: parentPath), let node = document.node(at: path) else {
            throw refused(path.description, file)
        }
        var start: Int
        switch last {
        case .index:
            // The item's `-` indicator must be the first thing on its line.
            var dash = node.mark.offset - 1
            while dash >= 0 && (bytes[dash] == 0x20 || bytes[dash] == 0x09) { dash -= 1 }
            guard dash >= 0, bytes[dash] == UInt8(ascii: "-") else { throw refused("\(path) (not a block sequence item)", file) }
            start = dash
        case .key(let key):
            guard let pair = parent.mapping?.first(where: { $0.key.scalar?.value == key }) else { throw refused(path.description, file) }
            start = pair.key.mark.offset
        }
        var lineStart = start
        while lineStart > 0 && bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        guard bytes[lineStart..<start].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else {
            throw refused("\(path) (it shares its first line with other content)", file)
        }
        // The entry ends where its last scalar or flow collection ends. (A block collection's end mark sits
        // at the next token, on a later line, after indentation only: it does not count.)
        var end = start
        node.forEachNode { _, child in
            let offset = min(child.endMark.offset, bytes.count)
            var lineStart = offset
            while lineStart > 0 && bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            let hasText = bytes[lineStart..<offset].contains { $0 != 0x20 && $0 != 0x09 }
            if child.scalar != nil || hasText { end = max(end, offset) }
        }
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end < bytes.count { end += 1 }
        return lineStart..<end
    }

    /// Scalar replacements turning `actual` (a document's value) into `expected`; nil when they differ in
    /// anything but scalars (a key added or removed, a list of another length, a scalar turned collection).
    public static func scalarEdits(from actual: JSONValue, to expected: JSONValue, at path: YAMLPath = [], in document: YAMLDocument)
        -> [YAMLEdit]?
    {
        switch (actual, expected) {
        case (.object(let a), .object(let b)):
            guard Set(a.keys) == Set(b.keys) else { return nil }
            var edits: [YAMLEdit] = []
            for key in a.keys.sorted() {
                guard let more = scalarEdits(from: a[key]!, to: b[key]!, at: path.appending(.key(key)), in: document) else { return nil }
                edits += more
            }
            return edits
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return nil }
            var edits: [YAMLEdit] = []
            for index in a.indices {
                guard let more = scalarEdits(from: a[index], to: b[index], at: path.appending(.index(index)), in: document) else {
                    return nil
                }
                edits += more
            }
            return edits
        case (.object, _), (_, .object), (.array, _), (_, .array):
            return nil
        default:
            if actual == expected { return [] }
            guard let text = scalarText(expected, like: document.node(at: path)?.scalar?.style) else { return nil }
            return [YAMLEdit(path: path, newText: text)]
        }
    }

    /// YAML source text for a scalar value, quoted like the scalar it replaces where that is possible.
    public static func scalarText(_ value: JSONValue, like style: YAMLScalarStyle?) -> String? {
        switch value {
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .number(let number): return number.isFinite ? String(number) : nil
        case .string(let text):
            let plainSafe = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
                && Int(text) == nil && Double(text) == nil && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
            switch style {
            case .singleQuoted: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            case .plain? where plainSafe, nil where plainSafe: return text
            default:
                guard let data = try? JSONValue.string(text).encoded() else { return nil }
                return String(decoding: data, as: UTF8.self)
            }
        default: return nil
        }
    }

    static func refused(_ what: String, _ file: String?) -> ManifestEditRefusal {
        ManifestEditRefusal(
            message: "cannot remove \(what) from \(file ?? "the manifest") without rewriting other text; "
                + "promote in the cluster and edit the file by hand")
    }
}

/// A manifest edit that cannot be made without rewriting text outside it; each plug-in reports it with its own error.
public struct ManifestEditRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Names what could not be removed, and why.
    public var message: String

    /// Creates a refusal.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
