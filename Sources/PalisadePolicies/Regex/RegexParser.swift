/// Reads a pattern into a `RegexNode`: the structure (alternation, concatenation, groups and
/// quantifiers) here, escapes and classes in `RegexParser+Escapes.swift`.
///
/// The syntax is a subset of RE2's (`policies/README.md`, Filters). What it does not support is
/// refused by name and position rather than read as something else, so a pattern written for
/// PCRE never silently means less than its author thought: backreferences and lookaround (which
/// no linear-time engine can offer), possessive quantifiers, named groups, flags.
struct RegexParser {
    /// Longest pattern, in characters.
    static let maxLength = 1000
    /// Deepest nesting of groups. Parsing and compiling recurse once per level.
    static let maxDepth = 32
    /// Largest count in `{n}`, `{n,}` and `{n,m}`.
    static let maxRepeat = 1000

    /// The pattern's scalar values; positions in errors are indices here plus one.
    let pattern: [UInt32]
    /// The next scalar to read.
    var index = 0
    /// Groups open around `index`.
    private var depth = 0

    /// The tree of `text`, or the first thing wrong with it.
    static func parse(_ text: String) throws(RegexError) -> RegexNode {
        let scalars = text.unicodeScalars
        guard scalars.count <= maxLength else {
            throw RegexError(position: 0, message: "a pattern is at most \(maxLength) characters; this one has \(scalars.count)")
        }
        var parser = Self(pattern: scalars.map(\.value))
        let node = try parser.alternation()
        // alternation() stops only at the end or at a `)` no group opened.
        if parser.index < parser.pattern.count {
            throw parser.error(at: parser.index, "`)` closes no group; write `\\)` for the character")
        }
        return node
    }

    /// The scalar at `index`, if any.
    var peek: UInt32? { index < pattern.count ? pattern[index] : nil }

    /// The scalar `offset` after `index`, if any.
    func peek(_ offset: Int) -> UInt32? { index + offset < pattern.count ? pattern[index + offset] : nil }

    /// An error at the scalar with index `at`.
    func error(at: Int, _ message: String) -> RegexError { RegexError(position: at + 1, message: message) }

    /// Branches separated by `|`, up to the end or a `)`.
    private mutating func alternation() throws(RegexError) -> RegexNode {
        var branches = [try concatenation()]
        while peek == Self.bar {
            index += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    /// Quantified atoms in sequence, up to the end, a `|` or a `)`.
    private mutating func concatenation() throws(RegexError) -> RegexNode {
        var items: [RegexNode] = []
        while let next = peek, next != Self.bar, next != Self.closeParen {
            items.append(try quantified(try atom()))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// One atom: a character, `.`, an anchor, a class, an escape or a group.
    private mutating func atom() throws(RegexError) -> RegexNode {
        let start = index
        let scalar = pattern[index]
        index += 1
        switch scalar {
        case Self.openParen: return try group(openedAt: start)
        case Self.openBracket: return try characterClass(openedAt: start)
        case Self.backslash: return try escape(at: start)
        case Self.dot: return .any
        case Self.caret: return .assertion(.textStart)
        case Self.dollar: return .assertion(.textEnd)
        case Self.star, Self.plus, Self.question:
            throw error(at: start, "`\(Self.text(scalar))` has nothing to repeat; write `\\\(Self.text(scalar))` for the character")
        case Self.openBrace:
            throw error(at: start, "`{` has nothing to repeat; write `\\{` for the character")
        default: return .scalar(scalar)
        }
    }

    /// A group after its `(`: `(...)` or `(?:...)`; other `(?` forms are refused by name.
    private mutating func group(openedAt start: Int) throws(RegexError) -> RegexNode {
        if peek == Self.question {
            switch peek(1) {
            case Self.colon: index += 2
            case Self.equals, Self.bang:
                throw error(at: start, "lookahead (`(?=` and `(?!`) is not supported: it cannot be matched in linear time")
            case Self.less where peek(2) == Self.equals || peek(2) == Self.bang:
                throw error(at: start, "lookbehind (`(?<=` and `(?<!`) is not supported: it cannot be matched in linear time")
            case Self.less, Self.capitalP, Self.apostrophe:
                throw error(at: start, "named groups are not supported (nothing is captured); use `(...)` or `(?:...)`")
            case Self.greater: throw error(at: start, "atomic groups (`(?>`) are not supported")
            default:
                throw error(at: start, "`(?` is only supported as `(?:`; flags are not supported (text always ignores case)")
            }
        }
        depth += 1
        guard depth <= Self.maxDepth else { throw error(at: start, "groups are nested more than \(Self.maxDepth) deep") }
        let inner = try alternation()
        guard peek == Self.closeParen else { throw error(at: start, "the group opened here has no `)`") }
        index += 1
        depth -= 1
        return inner
    }

    /// `atom` with the quantifier that follows it, if any. A lazy quantifier (`*?`) is the same
    /// as a greedy one, since a yes-or-no match does not depend on which repetition is preferred.
    private mutating func quantified(_ atom: RegexNode) throws(RegexError) -> RegexNode {
        let start = index
        let bounds: (min: Int, max: Int?)
        switch peek {
        case Self.star: bounds = (0, nil)
        case Self.plus: bounds = (1, nil)
        case Self.question: bounds = (0, 1)
        case Self.openBrace:
            index += 1
            bounds = try repetitionBounds(openedAt: start)
        default: return atom
        }
        index += 1
        if peek == Self.question {
            index += 1
        } else if peek == Self.plus {
            throw error(at: index, "possessive quantifiers (`*+`, `++`, `?+`, `{n}+`) are not supported")
        }
        if let next = peek, [Self.star, Self.plus, Self.question, Self.openBrace].contains(next) {
            throw error(at: index, "a quantifier cannot follow another; group what it repeats, e.g. `(?:a*)+`")
        }
        return .repetition(atom, min: bounds.min, max: bounds.max, position: start + 1)
    }

    /// `n}`, `n,}` or `n,m}` after a `{`, leaving `index` on the `}`.
    private mutating func repetitionBounds(openedAt start: Int) throws(RegexError) -> (min: Int, max: Int?) {
        let malformed = error(at: start, "`{` starts a repetition `{n}`, `{n,}` or `{n,m}`; write `\\{` for the character")
        guard let low = number() else { throw malformed }
        var high: Int? = low
        if peek == Self.comma {
            index += 1
            high = number()
        }
        guard peek == Self.closeBrace else { throw malformed }
        guard low <= Self.maxRepeat, (high ?? 0) <= Self.maxRepeat else {
            throw error(at: start, "a repetition count is at most \(Self.maxRepeat)")
        }
        if let high, high < low { throw error(at: start, "`{\(low),\(high)}`: the minimum is larger than the maximum") }
        return (low, high)
    }

    /// Decimal digits at `index` (saturating well above `maxRepeat`), or nil when there are none.
    private mutating func number() -> Int? {
        var value: Int?
        while let digit = peek, digit >= 0x30, digit <= 0x39 {
            value = min((value ?? 0) * 10 + Int(digit - 0x30), 1_000_000)
            index += 1
        }
        return value
    }

    /// A scalar as text for messages.
    static func text(_ value: UInt32) -> String { Unicode.Scalar(value).map { String(Character($0)) } ?? "?" }

    /// `|`, `(`, `)`: alternation and groups.
    static let bar: UInt32 = 0x7C, openParen: UInt32 = 0x28, closeParen: UInt32 = 0x29
    /// `[`, `]`, `{`, `}`: classes and bounded repetition.
    static let openBracket: UInt32 = 0x5B, closeBracket: UInt32 = 0x5D, openBrace: UInt32 = 0x7B, closeBrace: UInt32 = 0x7D
    /// `\`, `.`, `^`, `$`: escapes, any character, the text's edges.
    static let backslash: UInt32 = 0x5C, dot: UInt32 = 0x2E, caret: UInt32 = 0x5E, dollar: UInt32 = 0x24
    /// `*`, `+`, `?`, `,`, `:`: quantifiers, bounds, `(?:`.
    static let star: UInt32 = 0x2A, plus: UInt32 = 0x2B, question: UInt32 = 0x3F, comma: UInt32 = 0x2C, colon: UInt32 = 0x3A
    /// `=`, `!`, `<`, `>`, `-`: the group forms refused, and ranges.
    static let equals: UInt32 = 0x3D, bang: UInt32 = 0x21, less: UInt32 = 0x3C, greater: UInt32 = 0x3E, hyphen: UInt32 = 0x2D
    /// `P`, `'`: named groups (`(?P<name>`, `(?'name'`), refused.
    static let capitalP: UInt32 = 0x50, apostrophe: UInt32 = 0x27
}
