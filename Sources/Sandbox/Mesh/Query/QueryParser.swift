/// A recursive-descent parser for the PromQL subset the Sandbox's query API evaluates:
///
/// - vector selectors `name{label="v", label!='v', label=~"re", label!~"re"}` (single, double or back quotes);
/// - range selectors `[30s]`, `[5m]`, `[1h30m]` (units ms, s, m, h, d, w, y), only inside `increase` and `rate`;
/// - `increase(…)`, `rate(…)`, `vector(…)`, `histogram_quantile(q, …)`;
/// - `sum(…)`, `sum by (…) (…)`, `sum (…) by (…)`, and the same with `without`;
/// - binary `+ - * /` between scalars and vectors (one-to-one matching, optionally `on(…)`), and `or`
///   (optionally `on(…)`, e.g. `… or on() vector(0)`);
/// - number literals (`Inf` and `NaN` included), unary minus, parentheses.
///
/// Anything else (other functions and aggregations, comparisons, `offset`, `@`, subqueries, `ignoring`,
/// `group_left`) is a `bad_data` error naming the construct and its `line:column`.
struct QueryParser {
    private let text: [Unicode.Scalar]
    private var position = 0

    /// Parses `query`.
    ///
    /// - Throws: ``MeshQueryError`` (`bad_data`) with the position of the first problem.
    static func parse(_ query: String) throws(MeshQueryError) -> QueryExpression {
        var parser = QueryParser(text: Array(query.unicodeScalars))
        parser.skipSpace()
        guard !parser.atEnd else { throw parser.error("no expression found in input") }
        let expression = try parser.expression()
        parser.skipSpace()
        guard parser.atEnd else { throw parser.error("unexpected \(parser.describeNext()) after a complete expression") }
        if expression.type == .range {
            throw parser.error(
                "a range vector at the top level (a matrix result) is not supported; wrap it in increase() or rate()", at: 0)
        }
        return expression
    }

    private init(text: [Unicode.Scalar]) {
        self.text = text
    }

    // MARK: Binary operators, by precedence: `or` < `+ -` < `* /`.

    private mutating func expression() throws(MeshQueryError) -> QueryExpression {
        var left = try additive()
        while true {
            skipSpace()
            let start = position
            guard let word = peekIdentifier() else { return left }
            switch word {
            case "or":
                position += 2
                let on = try matching()
                let right = try additive()
                guard left.type == .instant, right.type == .instant else {
                    throw error("set operator \"or\" needs instant vectors on both sides", at: start)
                }
                left = .binary(.or, left, right, on: on)
            case "and", "unless":
                throw error("the set operator \"\(word)\" is not supported (only \"or\")", at: start)
            default:
                return left
            }
        }
    }

    private mutating func additive() throws(MeshQueryError) -> QueryExpression {
        var left = try multiplicative()
        while true {
            skipSpace()
            let start = position
            guard let op = peek(), op == "+" || op == "-" else { return left }
            position += 1
            let on = try matching()
            let right = try multiplicative()
            left = try binary(op == "+" ? .add : .subtract, left, right, on: on, at: start)
        }
    }

    private mutating func multiplicative() throws(MeshQueryError) -> QueryExpression {
        var left = try unary()
        while true {
            skipSpace()
            let start = position
            guard let op = peek() else { return left }
            if op == "%" || op == "^" { throw error("the operator \"\(op)\" is not supported (only + - * / and or)") }
            if ["=", "!", "<", ">"].contains(op) {
                throw error("comparison operators are not supported (only + - * / and or)")
            }
            guard op == "*" || op == "/" else { return left }
            position += 1
            let on = try matching()
            let right = try unary()
            left = try binary(op == "*" ? .multiply : .divide, left, right, on: on, at: start)
        }
    }

    private func binary(
        _ op: QueryExpression.BinaryOperator, _ left: QueryExpression, _ right: QueryExpression, on: [String]?, at start: Int
    ) throws(MeshQueryError) -> QueryExpression {
        for side in [left, right] where side.type == .range {
            throw error("binary operator \"\(op.rawValue)\" needs scalars or instant vectors, not a range vector", at: start)
        }
        if on != nil, left.type == .scalar || right.type == .scalar {
            throw error("vector matching (on) only applies between two instant vectors", at: start)
        }
        return .binary(op, left, right, on: on)
    }

    /// An optional `on(labels)` after a binary operator.
    private mutating func matching() throws(MeshQueryError) -> [String]? {
        skipSpace()
        let start = position
        switch peekIdentifier() {
        case "on":
            position += 2
            let labels = try labelList()
            skipSpace()
            if let word = peekIdentifier(), word == "group_left" || word == "group_right" {
                throw error("\(word) (many-to-one matching) is not supported")
            }
            return labels
        case "ignoring":
            throw error("ignoring(…) is not supported (use on(…))", at: start)
        case "bool":
            throw error("the bool modifier is not supported", at: start)
        default:
            return nil
        }
    }

    // MARK: Unary, primary and postfix.

    private mutating func unary() throws(MeshQueryError) -> QueryExpression {
        skipSpace()
        let start = position
        if peek() == "-" || peek() == "+" {
            let minus = peek() == "-"
            position += 1
            let inner = try unary()
            if inner.type == .range { throw error("unary minus needs a scalar or an instant vector", at: start) }
            if case .number(let value) = inner { return .number(minus ? -value : value) }
            return minus ? .negate(inner) : inner
        }
        return try postfix()
    }

    private mutating func postfix() throws(MeshQueryError) -> QueryExpression {
        let primary = try self.primary()
        skipSpace()
        if peek() == "[" {
            guard case .selector(let selector) = primary else {
                throw error("a range applies to a vector selector only (subqueries are not supported)")
            }
            position += 1
            let seconds = try duration()
            skipSpace()
            if peek() == ":" { throw error("subqueries are not supported") }
            try expect("]")
            try rejectModifiers()
            return .range(selector, seconds: seconds)
        }
        try rejectModifiers()
        return primary
    }

    private mutating func rejectModifiers() throws(MeshQueryError) {
        skipSpace()
        if peekIdentifier() == "offset" { throw error("the offset modifier is not supported") }
        if peek() == "@" { throw error("the @ modifier is not supported") }
    }

    private mutating func primary() throws(MeshQueryError) -> QueryExpression {
        skipSpace()
        let start = position
        guard let next = peek() else { throw error("unexpected end of input, expected an expression") }
        if next == "(" {
            position += 1
            let inner = try expression()
            skipSpace()
            try expect(")")
            return inner
        }
        if next == "{" { return .selector(try selector(name: nil, at: start)) }
        if Self.isDigit(next) || next == "." { return .number(try number()) }
        if next == "\"" || next == "'" || next == "`" { throw error("string literals are not supported as values") }
        guard let word = peekIdentifier() else { throw error("unexpected \(describeNext()), expected an expression") }
        position += word.unicodeScalars.count
        switch word.lowercased() {
        case "inf": return .number(.infinity)
        case "nan": return .number(.nan)
        default: break
        }
        if word == "sum" { return try sum(at: start) }
        if Self.unsupportedAggregations.contains(word) {
            throw error("the aggregation \"\(word)\" is not supported (only sum)", at: start)
        }
        skipSpace()
        if peek() == "(" { return try call(word, at: start) }
        return .selector(try selector(name: word, at: start))
    }

    private static let unsupportedAggregations: Set<String> = [
        "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
        "limitk", "limit_ratio",
    ]

    // MARK: Functions and aggregation.

    private mutating func call(_ name: String, at start: Int) throws(MeshQueryError) -> QueryExpression {
        let supported = ["increase", "rate", "vector", "histogram_quantile"]
        guard supported.contains(name) else {
            throw error("the function \"\(name)\" is not supported (only \(supported.joined(separator: ", ")))", at: start)
        }
        try expect("(")
        var arguments: [(QueryExpression, Int)] = []
        skipSpace()
        if peek() != ")" {
            while true {
                skipSpace()
                let argumentStart = position
                arguments.append((try expression(), argumentStart))
                skipSpace()
                if peek() == "," {
                    position += 1
                    continue
                }
                break
            }
        }
        try expect(")")
        let expected: [QueryExpression.ValueType] =
            switch name {
            case "increase", "rate": [.range]
            case "vector": [.scalar]
            default: [.scalar, .instant]
            }
        guard arguments.count == expected.count else {
            throw error("\(name)() takes \(expected.count) argument(s), got \(arguments.count)", at: start)
        }
        for ((argument, argumentStart), type) in zip(arguments, expected) where argument.type != type {
            throw error("expected type \(type.rawValue) in call to function \"\(name)\", got \(argument.type.rawValue)", at: argumentStart)
        }
        switch name {
        case "increase", "rate":
            guard case .range(let selector, let seconds) = arguments[0].0 else {
                throw error("\(name)() needs a range vector selector such as metric[5m]", at: arguments[0].1)
            }
            return .counterFunction(name == "rate" ? .rate : .increase, selector: selector, seconds: seconds)
        case "vector":
            return .vector(arguments[0].0)
        default:
            return .histogramQuantile(arguments[0].0, arguments[1].0)
        }
    }

    private mutating func sum(at start: Int) throws(MeshQueryError) -> QueryExpression {
        var grouping = try groupingClause()
        skipSpace()
        try expect("(")
        skipSpace()
        let argumentStart = position
        let argument = try expression()
        skipSpace()
        try expect(")")
        guard argument.type == .instant else {
            throw error("expected type instant vector in aggregation sum, got \(argument.type.rawValue)", at: argumentStart)
        }
        if case .all = grouping {
            grouping = try groupingClause()
        } else {
            skipSpace()
            if let word = peekIdentifier(), word == "by" || word == "without" { throw error("a second grouping clause") }
        }
        return .sum(argument, grouping: grouping)
    }

    private mutating func groupingClause() throws(MeshQueryError) -> QueryExpression.Grouping {
        skipSpace()
        switch peekIdentifier() {
        case "by":
            position += 2
            return .by(try labelList())
        case "without":
            position += 7
            return .without(try labelList())
        default:
            return .all
        }
    }

    /// `(a, b, …)`, possibly empty.
    private mutating func labelList() throws(MeshQueryError) -> [String] {
        skipSpace()
        try expect("(")
        var labels: [String] = []
        while true {
            skipSpace()
            if peek() == ")" { break }
            guard let name = peekIdentifier(), !name.contains(":") else { throw error("expected a label name") }
            position += name.unicodeScalars.count
            labels.append(name)
            skipSpace()
            if peek() == "," {
                position += 1
                continue
            }
            break
        }
        try expect(")")
        return labels
    }

    // MARK: Selectors.

    private mutating func selector(name: String?, at start: Int) throws(MeshQueryError) -> VectorSelector {
        var matchers: [LabelMatcher] = []
        if let name { matchers.append(try! LabelMatcher(name: "__name__", op: .equal, value: name)) }
        skipSpace()
        if peek() == "{" {
            position += 1
            while true {
                skipSpace()
                if peek() == "}" { break }
                guard let label = peekIdentifier(), !label.contains(":") else { throw error("expected a label name") }
                position += label.unicodeScalars.count
                skipSpace()
                let op = try matchOperator()
                skipSpace()
                let valueStart = position
                let value = try string()
                do {
                    matchers.append(try LabelMatcher(name: label, op: op, value: value))
                } catch {
                    throw self.error("invalid regular expression \"\(value)\" for label \(label): \(error)", at: valueStart)
                }
                skipSpace()
                if peek() == "," {
                    position += 1
                    continue
                }
                break
            }
            try expect("}")
        }
        guard matchers.contains(where: { !$0.matches("") }) else {
            throw error("vector selector must contain at least one non-empty matcher", at: start)
        }
        return VectorSelector(matchers: matchers)
    }

    private mutating func matchOperator() throws(MeshQueryError) -> LabelMatcher.Operator {
        let two = String(String.UnicodeScalarView(text[position..<min(position + 2, text.count)]))
        for op in [LabelMatcher.Operator.matches, .notMatches, .notEqual] where two == op.rawValue {
            position += 2
            return op
        }
        if peek() == "=" {
            position += 1
            return .equal
        }
        throw error("unexpected \(describeNext()), expected a label matching operator (=, !=, =~, !~)")
    }

    // MARK: Tokens.

    private mutating func string() throws(MeshQueryError) -> String {
        let start = position
        guard let quote = peek(), quote == "\"" || quote == "'" || quote == "`" else {
            throw error("unexpected \(describeNext()), expected a quoted string")
        }
        position += 1
        var value = String.UnicodeScalarView()
        while let scalar = peek() {
            position += 1
            if scalar == quote { return String(value) }
            if scalar == "\\" && quote != "`" {
                guard let escaped = peek() else { break }
                position += 1
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\", "\"", "'": value.append(escaped)
                default: throw error("unknown escape sequence \\\(escaped)", at: position - 2)
                }
            } else {
                value.append(scalar)
            }
        }
        throw error("unterminated quoted string", at: start)
    }

    private mutating func number() throws(MeshQueryError) -> Double {
        let start = position
        while let scalar = peek(), Self.isDigit(scalar) || scalar == "." { position += 1 }
        if let e = peek(), e == "e" || e == "E" {
            position += 1
            if let sign = peek(), sign == "+" || sign == "-" { position += 1 }
            while let scalar = peek(), Self.isDigit(scalar) { position += 1 }
        }
        let literal = String(String.UnicodeScalarView(text[start..<position]))
        guard let value = Double(literal) else { throw error("bad number \"\(literal)\"", at: start) }
        if let next = peek(), Self.isIdentifierScalar(next) {
            throw error("unexpected \(describeNext()) after the number \(literal) (durations only go in [ ])")
        }
        return value
    }

    /// `5m`, `1h30m`, `1500ms`: seconds.
    private mutating func duration() throws(MeshQueryError) -> Double {
        skipSpace()
        let start = position
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800), ("y", 31_536_000)]
        var seconds = 0.0
        var parts = 0
        while let scalar = peek(), Self.isDigit(scalar) {
            var digits = 0.0
            while let digit = peek(), Self.isDigit(digit) {
                digits = digits * 10 + Double(digit.value - 48)
                position += 1
            }
            guard let unit = units.first(where: { unit in
                let end = position + unit.0.unicodeScalars.count
                return end <= text.count && String(String.UnicodeScalarView(text[position..<end])) == unit.0
            }) else {
                throw error("bad duration: expected a unit (ms, s, m, h, d, w, y) after \(Int(digits))")
            }
            position += unit.0.unicodeScalars.count
            seconds += digits * unit.1
            parts += 1
        }
        guard parts > 0, seconds > 0 else { throw error("bad duration: expected a positive duration such as 30s or 5m", at: start) }
        return seconds
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws(MeshQueryError) {
        skipSpace()
        guard peek() == scalar else { throw error("unexpected \(describeNext()), expected \"\(scalar)\"") }
        position += 1
    }

    private var atEnd: Bool { position >= text.count }

    private func peek() -> Unicode.Scalar? { atEnd ? nil : text[position] }

    /// The identifier starting at the position, without consuming it.
    private func peekIdentifier() -> String? {
        guard let first = peek(), Self.isIdentifierScalar(first), !Self.isDigit(first) else { return nil }
        var end = position
        while end < text.count, Self.isIdentifierScalar(text[end]) { end += 1 }
        return String(String.UnicodeScalarView(text[position..<end]))
    }

    private mutating func skipSpace() {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { position += 1 }
        if peek() == "#" {
            while let scalar = peek(), scalar != "\n" { position += 1 }
            skipSpace()
        }
    }

    private func describeNext() -> String {
        guard let next = peek() else { return "end of input" }
        if let word = peekIdentifier() { return "identifier \"\(word)\"" }
        return "character \"\(next)\""
    }

    private func error(_ message: String, at offset: Int? = nil) -> MeshQueryError {
        MeshQueryError.parse(message, at: offset ?? position, in: text)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || isDigit(scalar) || scalar == "_" || scalar == ":"
    }
}
