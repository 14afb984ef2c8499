/// A regular expression that matches in time linear in the text, whatever the pattern: compiled
/// once to a Thompson NFA (`RegexProgram`) and run as a Pike VM (`RegexMatcher`), never by
/// backtracking. A policy comes from a customer (possibly over RPC) and is evaluated on every
/// activity, so no pattern may be able to stall detection, which rules out Swift's `Regex` and
/// `NSRegularExpression` (both backtrack: `(a*)*b` takes exponential time on them).
///
/// The syntax is an RE2-like subset, specified in `policies/README.md` (Filters): literals, `.`,
/// classes, `\d \w \s` and negations, `^ $ \b \B`, groups, `|`, `* + ?` and `{n,m}`. Matching is
/// a search (RE2's partial match) over Unicode scalars; `.` is any one scalar, line breaks
/// included. With `ignoringCase` (the default, as for every text test of a policy) the pattern's
/// characters and the text are compared folded (`RegexFolding`).
///
/// Limits: 1,000 characters, groups 32 deep, counts up to 1,000, and 10,000 instructions once
/// repetitions are expanded. Each run costs at most `programSize` steps per character.
public struct LinearRegex: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// Whether case is ignored.
    public let ignoresCase: Bool
    /// The compiled pattern's runner.
    private let matcher: RegexMatcher

    /// Compiles `pattern`, or says what is wrong and where.
    public init(_ pattern: String, ignoringCase: Bool = true) throws(RegexError) {
        self.pattern = pattern
        self.ignoresCase = ignoringCase
        matcher = RegexMatcher(program: try RegexProgram(try RegexParser.parse(pattern), ignoringCase: ignoringCase))
    }

    /// Whether the pattern matches somewhere in `text`.
    public func matches(_ text: String) -> Bool { matcher.run(text).matched }

    /// Whether the pattern matches somewhere in `text`, and the steps it took: at most
    /// `programSize × (text.unicodeScalars.count + 1)`. For tests and the fuzz target, which
    /// check the bound rather than time.
    public func matchWithSteps(_ text: String) -> (matched: Bool, steps: Int) {
        let outcome = matcher.run(text)
        return (outcome.matched, outcome.steps)
    }

    /// The number of instructions the pattern compiled to (the match instruction included).
    public var programSize: Int { matcher.program.instructions.count }

    /// Patterns are equal when written the same and compared with the same regard to case.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.pattern == rhs.pattern && lhs.ignoresCase == rhs.ignoresCase }

    /// The pattern.
    public var description: String { pattern }
}
