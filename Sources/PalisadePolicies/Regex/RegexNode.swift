/// A parsed pattern (`RegexParser`), before compiling (`RegexProgram`). Groups leave no node of
/// their own: they only group, since nothing is captured.
indirect enum RegexNode: Sendable, Equatable {
    /// Matches the empty string (`()`, an empty alternative).
    case empty
    /// One character, as written (folded when compiled to ignore case).
    case scalar(UInt32)
    /// `.`: any one character, line breaks included.
    case any
    /// `[...]`, `\d` and the like: one character of the class, or with `negated` one not in it.
    /// Negation is kept apart so case folding can close the class over case first.
    case set(RegexCharacterClass, negated: Bool)
    /// `^`, `$`, `\b`, `\B`: a condition on the place, matching no character.
    case assertion(RegexAssertion)
    /// Each node in turn.
    case concatenation([RegexNode])
    /// One of the nodes.
    case alternation([RegexNode])
    /// The node `min` to `max` times (`max` nil: no upper bound). `position` is the quantifier's
    /// place in the pattern, for the error when the repetition makes the program too large.
    case repetition(RegexNode, min: Int, max: Int?, position: Int)
}

/// A zero-width condition on the place between the previous and the next character.
enum RegexAssertion: Sendable, Equatable {
    /// `^`: the start of the text (there is no multi-line mode).
    case textStart
    /// `$`: the end of the text (not before a final line break, as in RE2 and unlike PCRE).
    case textEnd
    /// `\b`: between a word character and a non-word character (or the text's edge).
    case wordBoundary
    /// `\B`: not at a word boundary.
    case notWordBoundary

    /// Whether the condition holds between `previous` and `next` (nil: the text's edge).
    @inline(__always)
    func holds(previous: UInt32?, next: UInt32?) -> Bool {
        switch self {
        case .textStart: return previous == nil
        case .textEnd: return next == nil
        case .wordBoundary, .notWordBoundary:
            let before = previous.map(RegexFolding.isWord) ?? false
            let after = next.map(RegexFolding.isWord) ?? false
            return (before != after) == (self == .wordBoundary)
        }
    }
}
