/// Escapes (`\d`, `\.`, `\x{263A}`) and classes (`[a-z_]`, `[^\s]`) for `RegexParser`.
extension RegexParser {
    /// What a backslash sequence stands for.
    enum Escape {
        /// One character.
        case scalar(UInt32)
        /// A class such as `\d`, or its negation `\D`.
        case set(RegexCharacterClass, negated: Bool)
        /// `\b` or `\B`.
        case assertion(RegexAssertion)
    }

    /// An escape outside a class, its `\` at `start` and `index` after it.
    mutating func escape(at start: Int) throws(RegexError) -> RegexNode {
        switch try escaped(at: start, inClass: false) {
        case .scalar(let value): return .scalar(value)
        case .set(let members, let negated): return .set(members, negated: negated)
        case .assertion(let assertion): return .assertion(assertion)
        }
    }

    /// The escape whose `\` is at `start`. Every ASCII punctuation character escapes to itself;
    /// letters and digits mean something only where listed, and are refused otherwise, so `\Z`
    /// or `\1` is not silently read as a letter or digit.
    mutating func escaped(at start: Int, inClass: Bool) throws(RegexError) -> Escape {
        guard let letter = peek else { throw error(at: start, "a pattern cannot end with `\\`; write `\\\\` for the character") }
        index += 1
        switch Character(Unicode.Scalar(letter) ?? "?") {
        case "d": return .set(.digits, negated: false)
        case "D": return .set(.digits, negated: true)
        case "w": return .set(.word, negated: false)
        case "W": return .set(.word, negated: true)
        case "s": return .set(.space, negated: false)
        case "S": return .set(.space, negated: true)
        case "b" where !inClass: return .assertion(.wordBoundary)
        case "B" where !inClass: return .assertion(.notWordBoundary)
        case "b", "B": throw error(at: start, "`\\\(Self.text(letter))` is a boundary and cannot be in a class")
        case "n": return .scalar(0x0A)
        case "t": return .scalar(0x09)
        case "r": return .scalar(0x0D)
        case "f": return .scalar(0x0C)
        case "v": return .scalar(0x0B)
        case "x": return .scalar(try hexEscape(at: start))
        case "1"..."9", "k", "g":
            throw error(at: start, "backreferences (`\\1`, `\\k<name>`) are not supported: they cannot be matched in linear time")
        case "0": throw error(at: start, "octal escapes are not supported; write `\\x00` or `\\x{...}`")
        case "A", "z", "Z", "G": throw error(at: start, "`\\\(Self.text(letter))` is not supported; use `^` and `$`")
        case "p", "P": throw error(at: start, "Unicode classes (`\\p{...}`) are not supported; use ranges such as `[a-z]`")
        case "Q", "E": throw error(at: start, "quoting with `\\Q...\\E` is not supported; escape each character")
        default:
            // Space and ASCII punctuation: the character itself (`\.`, `\\`, `\[`, `\ `).
            if letter >= 0x20, letter < 0x7F, !RegexFolding.isWord(letter) { return .scalar(letter) }
            throw error(at: start, "`\\\(Self.text(letter))` is not a supported escape")
        }
    }

    /// `HH` or `{H...}` after `\x`: a scalar value in hexadecimal.
    private mutating func hexEscape(at start: Int) throws(RegexError) -> UInt32 {
        let malformed = error(at: start, "`\\x` takes two hex digits (`\\x41`) or up to six in braces (`\\x{263A}`)")
        let braced = peek == Self.openBrace
        if braced { index += 1 }
        var value: UInt32 = 0
        var digits = 0
        while let next = peek, let digit = Self.hexDigit(next), braced || digits < 2 {
            value = value * 16 + digit
            digits += 1
            index += 1
            guard digits <= 6 else { throw malformed }
        }
        if braced {
            guard peek == Self.closeBrace, digits > 0 else { throw malformed }
            index += 1
        } else if digits != 2 {
            throw malformed
        }
        guard Unicode.Scalar(value) != nil else {
            throw error(at: start, "`\\x{\(String(value, radix: 16))}` is not a Unicode scalar value")
        }
        return value
    }

    /// The value of a hexadecimal digit, or nil for another character.
    private static func hexDigit(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x30...0x39: value - 0x30
        case 0x41...0x46: value - 0x41 + 10
        case 0x61...0x66: value - 0x61 + 10
        default: nil
        }
    }

    /// A class after its `[`: members, ranges `a-z` and escapes, negated by a leading `^`. A `]`
    /// right after the `[` (or `[^`) is a member, as is a `-` first or last.
    mutating func characterClass(openedAt start: Int) throws(RegexError) -> RegexNode {
        var negated = false
        if peek == Self.caret {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let next = peek else { throw error(at: start, "the class opened here has no `]`") }
            if next == Self.closeBracket, !first {
                index += 1
                break
            }
            first = false
            let memberStart = index
            guard let low = try classMember(into: &ranges) else {
                if rangeFollows { throw error(at: memberStart, "a range cannot start with a class such as `\\d`; write `\\-` for `-`") }
                continue
            }
            guard rangeFollows else {
                ranges.append(low...low)
                continue
            }
            index += 1
            let highStart = index
            guard let high = try classMember(into: &ranges) else {
                throw error(at: highStart, "a range cannot end with a class such as `\\d`")
            }
            guard low <= high else {
                throw error(at: memberStart, "the range `\(Self.text(low))-\(Self.text(high))` is out of order")
            }
            ranges.append(low...high)
        }
        return .set(RegexCharacterClass(ranges), negated: negated)
    }

    /// Whether a `-` at `index` makes a range: one with a member after it, not the class's end.
    private var rangeFollows: Bool { peek == Self.hyphen && peek(1) != nil && peek(1) != Self.closeBracket }

    /// One member at `index`: its scalar, or nil when it was a class such as `\d` (whose ranges
    /// are added to `ranges`).
    private mutating func classMember(into ranges: inout [ClosedRange<UInt32>]) throws(RegexError) -> UInt32? {
        let start = index
        let scalar = pattern[index]
        index += 1
        switch scalar {
        case Self.openBracket:
            // RE2 and ICU disagree here (a member, a POSIX class, a nested set): refuse rather than guess.
            if peek == Self.colon {
                throw error(at: start, "POSIX classes such as `[:alpha:]` are not supported; use ranges such as `a-z`")
            }
            throw error(at: start, "write `\\[` for `[` inside a class")
        case Self.backslash:
            switch try escaped(at: start, inClass: true) {
            case .scalar(let value): return value
            case .set(let members, let negated):
                ranges += (negated ? members.inverted() : members).ranges
                return nil
            case .assertion: throw error(at: start, "a boundary cannot be in a class")
            }
        default: return scalar
        }
    }
}
