/// The `$filter` expressions the simulator understands on users: `eq`, `ne`, `in (…)`,
/// `startswith(p,'x')`, `endswith(p,'x')`, `and`, `or`, `not`, parentheses; string literals in
/// single quotes with `''` for a quote (OData), `true`, `false`, `null`. Strings compare
/// without regard to case, as the directory does. Anything else is a Graph-shaped 400.
indirect enum ODataFilter: Sendable {
    enum Literal: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case null
    }

    case equals(property: String, Literal, negated: Bool)
    case oneOf(property: String, [Literal])
    case startsWith(property: String, String)
    case endsWith(property: String, String)
    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)
    case not(ODataFilter)

    /// Properties a filter may name.
    static let properties: Set<String> = [
        "id", "mail", "userPrincipalName", "displayName", "givenName", "surname", "accountEnabled",
    ]

    /// Parses `text`; at most 4096 characters and 32 levels of nesting.
    static func parse(_ text: String) throws(GraphError) -> ODataFilter {
        guard text.utf8.count <= 4096 else { throw invalid("the filter is longer than 4096 characters") }
        var parser = Parser(tokens: try tokenize(text))
        let filter = try parser.expression(depth: 0)
        guard parser.position == parser.tokens.count else { throw invalid("unexpected text after the expression") }
        return filter
    }

    /// Whether `user` matches.
    func matches(_ user: EntraUserRecord) -> Bool {
        switch self {
        case .equals(let property, let literal, let negated): return Self.equal(user.value(property), literal) != negated
        case .oneOf(let property, let literals): return literals.contains { Self.equal(user.value(property), $0) }
        case .startsWith(let property, let prefix):
            guard case .string(let value) = user.value(property) else { return false }
            return value.lowercased().hasPrefix(prefix.lowercased())
        case .endsWith(let property, let suffix):
            guard case .string(let value) = user.value(property) else { return false }
            return value.lowercased().hasSuffix(suffix.lowercased())
        case .and(let a, let b): return a.matches(user) && b.matches(user)
        case .or(let a, let b): return a.matches(user) || b.matches(user)
        case .not(let a): return !a.matches(user)
        }
    }

    /// The ids an `id eq '…' or id eq '…'` filter names (delta accepts only that form); nil otherwise.
    var idsOnly: [String]? {
        switch self {
        case .equals(property: "id", .string(let id), negated: false): return [id]
        case .or(let a, let b):
            guard let left = a.idsOnly, let right = b.idsOnly else { return nil }
            return left + right
        default: return nil
        }
    }

    private static func equal(_ value: GraphJSON, _ literal: Literal) -> Bool {
        switch (value, literal) {
        case (.string(let a), .string(let b)): a.lowercased() == b.lowercased()
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    static func invalid(_ why: String) -> GraphError {
        .badRequest("Invalid filter clause: \(why).")
    }

    enum Token: Sendable, Equatable {
        case word(String)
        case string(String)
        case open, close, comma
    }

    private static func tokenize(_ text: String) throws(GraphError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case " ", "\t", "\n", "\r": index += 1
            case "(": tokens.append(.open); index += 1
            case ")": tokens.append(.close); index += 1
            case ",": tokens.append(.comma); index += 1
            case "'":
                var value = ""
                index += 1
                while true {
                    guard index < characters.count else { throw invalid("a string literal is not closed") }
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.string(value))
            default:
                var word = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber
                        || "_.-/@$".contains(characters[index])
                {
                    word.append(characters[index])
                    index += 1
                }
                guard !word.isEmpty else { throw invalid("unexpected character '\(character)'") }
                tokens.append(.word(word))
            }
        }
        return tokens
    }

    /// Recursive descent over the tokens.
    struct Parser {
        let tokens: [Token]
        var position = 0

        mutating func expression(depth: Int) throws(GraphError) -> ODataFilter {
            guard depth < 32 else { throw invalid("the expression nests too deeply") }
            var left = try conjunction(depth: depth)
            while keyword("or") { left = .or(left, try conjunction(depth: depth)) }
            return left
        }

        private mutating func conjunction(depth: Int) throws(GraphError) -> ODataFilter {
            var left = try unary(depth: depth)
            while keyword("and") { left = .and(left, try unary(depth: depth)) }
            return left
        }

        private mutating func unary(depth: Int) throws(GraphError) -> ODataFilter {
            if keyword("not") { return .not(try unary(depth: depth + 1)) }
            if take(.open) {
                let inner = try expression(depth: depth + 1)
                guard take(.close) else { throw invalid("')' expected") }
                return inner
            }
            let name = try word()
            let lower = name.lowercased()
            if lower == "startswith" || lower == "endswith" {
                guard take(.open) else { throw invalid("'(' expected after \(name)") }
                let property = try self.property()
                guard take(.comma), case .string(let text) = try literal(), take(.close) else {
                    throw invalid("\(name) takes a property and a string, e.g. \(name)(mail,'a')")
                }
                return lower == "startswith" ? .startsWith(property: property, text) : .endsWith(property: property, text)
            }
            let property = try checked(name)
            if keyword("eq") { return .equals(property: property, try literal(), negated: false) }
            if keyword("ne") { return .equals(property: property, try literal(), negated: true) }
            if keyword("in") {
                guard take(.open) else { throw invalid("'(' expected after in") }
                var values = [try literal()]
                while take(.comma) { values.append(try literal()) }
                guard take(.close) else { throw invalid("')' expected to close the in list") }
                return .oneOf(property: property, values)
            }
            throw invalid("an operator (eq, ne, in) is expected after '\(name)'")
        }

        private mutating func literal() throws(GraphError) -> Literal {
            guard position < tokens.count else { throw invalid("a value is expected at the end") }
            let token = tokens[position]
            position += 1
            switch token {
            case .string(let text): return .string(text)
            case .word("true"): return .bool(true)
            case .word("false"): return .bool(false)
            case .word("null"): return .null
            default: throw invalid("a value (a quoted string, true, false or null) is expected")
            }
        }

        private mutating func property() throws(GraphError) -> String {
            try checked(try word())
        }

        private func checked(_ name: String) throws(GraphError) -> String {
            guard ODataFilter.properties.contains(name) else {
                throw .badRequest("Could not find a property named '\(name)' on type 'microsoft.graph.user'.")
            }
            return name
        }

        private mutating func word() throws(GraphError) -> String {
            guard position < tokens.count, case .word(let name) = tokens[position] else {
                throw invalid("a property name is expected")
            }
            position += 1
            return name
        }

        private mutating func keyword(_ name: String) -> Bool {
            guard position < tokens.count, case .word(let word) = tokens[position], word.lowercased() == name else {
                return false
            }
            position += 1
            return true
        }

        private mutating func take(_ token: Token) -> Bool {
            guard position < tokens.count, tokens[position] == token else { return false }
            position += 1
            return true
        }
    }
}
