/// One input of an iter8 task (`with:`), as written: text (a scalar, kept as its source text), a list or a mapping.
/// iter8's tasks take text (`channel`, `url`), lists of `name`/`value` pairs (`headers`) and booleans
/// (`ignoreFailure`); the task's rules (``TaskRules``) say which shape each input must have.
public enum TaskValue: Hashable, Sendable, Codable {
    /// A scalar, as its source text (`false`, `5`, `https://…`).
    case text(String)
    /// A sequence.
    case list([TaskValue])
    /// A mapping.
    case map([String: TaskValue])

    /// The text, when this is a scalar.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The items, when this is a sequence.
    public var list: [TaskValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The entries, when this is a mapping.
    public var map: [String: TaskValue]? {
        if case .map(let entries) = self { return entries }
        return nil
    }

    /// What the value is, for messages: `text`, `a list`, `a mapping`.
    var shape: String {
        switch self {
        case .text: "text"
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes text, then a sequence, then a mapping; a null (or anything else) is the text attempt's error.
    public init(from decoder: any Decoder) throws {
        let textError: any Error
        do {
            self = .text(try decoder.singleValueContainer().decode(String.self))
            return
        } catch {
            textError = error
        }
        if let container = try? decoder.singleValueContainer() {  // a JSON boolean or number is text to a task
            if let bool = try? container.decode(Bool.self) {
                self = .text(bool ? "true" : "false")
                return
            }
            if let number = try? container.decode(Int.self) {
                self = .text(String(number))
                return
            }
        }
        if var items = try? decoder.unkeyedContainer() {  // not a sequence: the mapping is tried next
            var values: [TaskValue] = []
            while !items.isAtEnd { values.append(try items.decode(TaskValue.self)) }
            self = .list(values)
            return
        }
        if let entries = try? decoder.container(keyedBy: Key.self) {  // not a mapping: the text attempt's error
            var values: [String: TaskValue] = [:]
            for key in entries.allKeys { values[key.stringValue] = try entries.decode(TaskValue.self, forKey: key) }
            self = .map(values)
            return
        }
        throw textError
    }

    /// Encodes the scalar as text, the sequence and the mapping as themselves.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        case .map(let entries): try container.encode(entries)
        }
    }
}
