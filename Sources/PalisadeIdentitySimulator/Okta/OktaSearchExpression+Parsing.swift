/// Why a `search` or `filter` expression was refused (answered 400 E0000031).
struct OktaSearchError: Error, Sendable, Equatable {
    let message: String
}

extension OktaSearchExpression {
    /// Parses `text` as a `mode` expression; never traps, whatever the input.
    static func parse(_ text: String, mode: Mode) throws(OktaSearchError) -> OktaSearchExpression {
        guard text.utf8.count <= 4_096 else { throw OktaSearchError(message: "\(mode.rawValue) expression longer than 4096 bytes") }
        var parser = Parser(tokens: try tokenize(text), mode: mode)
        let expression = try parser.disjunction(depth: 0)
        guard parser.position == parser.tokens.count else {
            throw OktaSearchError(message: "unexpected '\(parser.tokens[parser.position].text)' in \(mode.rawValue) expression")
        }
        return expression
    }

    private struct Token: Equatable {
        var text: String
        var isString: Bool
    }

    private static func tokenize(_ text: String) throws(OktaSearchError) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text.unicodeScalars)[...]
        while let first = characters.first {
            if first.properties.isWhitespace {
                characters.removeFirst()
            } else if first == "(" || first == ")" {
                tokens.append(Token(text: String(first), isString: false))
                characters.removeFirst()
            } else if first == "\"" {
                characters.removeFirst()
                var value = String.UnicodeScalarView()
                var closed = false
                while let next = characters.popFirst() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard let escaped = characters.popFirst() else { break }
                        value.append(escaped)
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw OktaSearchError(message: "unterminated string literal") }
                tokens.append(Token(text: String(value), isString: true))
            } else {
                var word = String.UnicodeScalarView()
                while let next = characters.first, !next.properties.isWhitespace, next != "(", next != ")", next != "\"" {
                    word.append(next)
                    characters.removeFirst()
                }
                tokens.append(Token(text: String(word), isString: false))
            }
        }
        return tokens
    }

    private struct Parser {
        let tokens: [Token]
        let mode: Mode
        var position = 0

        init(tokens: [Token], mode: Mode) {
            self.tokens = tokens
            self.mode = mode
        }

        private func keyword(_ word: String) -> Bool {
            position < tokens.count && !tokens[position].isString && tokens[position].text.lowercased() == word
        }

        mutating func disjunction(depth: Int) throws(OktaSearchError) -> OktaSearchExpression {
            guard depth < 32 else { throw OktaSearchError(message: "\(mode.rawValue) expression nested too deeply") }
            var left = try conjunction(depth: depth)
            while keyword("or") {
                position += 1
                left = .or(left, try conjunction(depth: depth))
            }
            return left
        }

        private mutating func conjunction(depth: Int) throws(OktaSearchError) -> OktaSearchExpression {
            var left = try primary(depth: depth)
            while keyword("and") {
                position += 1
                left = .and(left, try primary(depth: depth))
            }
            return left
        }

        private mutating func primary(depth: Int) throws(OktaSearchError) -> OktaSearchExpression {
            guard position < tokens.count else { throw OktaSearchError(message: "\(mode.rawValue) expression ends too early") }
            if keyword("(") {
                position += 1
                let inner = try disjunction(depth: depth + 1)
                guard keyword(")") else { throw OktaSearchError(message: "missing ')' in \(mode.rawValue) expression") }
                position += 1
                return inner
            }
            let attribute = tokens[position]
            guard !attribute.isString else { throw OktaSearchError(message: "expected an attribute, found \"\(attribute.text)\"") }
            position += 1
            guard position < tokens.count, !tokens[position].isString,
                let op = Operator(rawValue: tokens[position].text.lowercased())
            else {
                throw OktaSearchError(message: "expected an operator (eq, sw, co, pr, gt, ge, lt, le) after '\(attribute.text)'")
            }
            position += 1
            var value: String?
            if op != .pr {
                guard position < tokens.count, tokens[position].text != "(", tokens[position].text != ")" else {
                    throw OktaSearchError(message: "'\(attribute.text) \(op.rawValue)' needs a value")
                }
                value = tokens[position].text
                position += 1
            }
            try check(attribute.text, op)
            guard OktaSearchExpression.dateAttributes.contains(attribute.text) else {
                return .compare(attribute: attribute.text, op: op, value: value)
            }
            guard let value else { return .compareTime(attribute: attribute.text, op: op, seconds: nil) }
            guard let seconds = OktaSearchExpression.parseTimestamp(value) else {
                throw OktaSearchError(message: "'\(value.prefix(40))' is not a timestamp such as 2024-01-31T12:00:00.000Z")
            }
            return .compareTime(attribute: attribute.text, op: op, seconds: seconds)
        }

        /// What each parameter allows (Okta: `filter` is the older, narrower syntax).
        private func check(_ attribute: String, _ op: Operator) throws(OktaSearchError) {
            let isDate = OktaSearchExpression.dateAttributes.contains(attribute)
            let known = isDate || OktaSearchExpression.stringAttributes.contains(attribute) || attribute.hasPrefix("profile.")
            guard known else { throw OktaSearchError(message: "unknown attribute '\(attribute)'") }
            switch mode {
            case .filter:
                let filterable: Set<String> = [
                    "status", "lastUpdated", "id", "profile.login", "profile.email", "profile.firstName", "profile.lastName",
                ]
                guard filterable.contains(attribute) else {
                    throw OktaSearchError(message: "'\(attribute)' cannot be filtered; use search")
                }
                guard op == .eq || (attribute == "lastUpdated" && [.gt, .ge, .lt, .le].contains(op)) else {
                    throw OktaSearchError(message: "filter does not support '\(op.rawValue)' on '\(attribute)'; use search")
                }
            case .search:
                if op == .co {
                    let containable: Set<String> = ["profile.firstName", "profile.lastName", "profile.email", "profile.login"]
                    guard containable.contains(attribute) else {
                        throw OktaSearchError(message: "'co' works only on firstName, lastName, email and login")
                    }
                }
                if isDate, op == .sw || op == .co {
                    throw OktaSearchError(message: "'\(op.rawValue)' does not apply to the timestamp '\(attribute)'")
                }
            }
        }
    }
}
