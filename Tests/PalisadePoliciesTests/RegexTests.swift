import Foundation
import PalisadePolicies
import PalisadeTestSupport
import Testing

/// The linear-time regex engine (`LinearRegex`): each piece of syntax, case, anchors, agreement
/// with NSRegularExpression on random patterns that are safe for it, and the work done on
/// patterns that make backtracking engines take exponential time.
@Suite("Regex matching")
struct RegexTests {
    func matches(_ pattern: String, _ text: String, ignoringCase: Bool = true) throws -> Bool {
        try LinearRegex(pattern, ignoringCase: ignoringCase).matches(text)
    }

    @Test(
        "each piece of syntax matches where it should and not elsewhere",
        arguments: [
            ("admin", "super-admin-role", true), ("admin", "adm", false), ("a.c", "xabcx", true), ("a.c", "ac", false),
            ("[a-c]x", "bx", true), ("[a-c]x", "dx", false), ("[^a-c]x", "dx", true), ("[^a-c]x", "bx", false),
            ("[]a]", "]", true), ("[a-]", "-", true), ("[\\]\\\\]", "\\", true), ("[\\d_]+$", "12_3", true),
            ("\\d{3}-\\d{4}", "call 555-1234", true), ("\\d", "abc", false), ("\\D", "123", false), ("\\w+@", "ana@x", true),
            ("\\W", "ana_1", false), ("\\s", "a\tb", true), ("\\S", " \t", false), ("a\\.b", "a.b", true), ("a\\.b", "axb", false),
            ("a\\\\b", "a\\b", true), ("\\x41\\x{263A}", "a☺", true), ("\\n", "a\nb", true), ("\\t", "a b", false),
            ("(ab)+$", "xabab", true), ("(?:ab)+$", "xaba", false), ("cat|dog", "hotdog", true), ("cat|dog", "cow", false),
            ("^(a|b|c)$", "b", true), ("^(a|)$", "", true), ("colou?r", "color", true), ("colou?r", "colouur", false),
            ("^a*$", "", true), ("^a+$", "", false), ("^a{3}$", "aaa", true), ("^a{3}$", "aaaa", false),
            ("^a{2,}$", "aaaaa", true), ("^a{2,}$", "a", false), ("^a{1,3}$", "aaa", true), ("^a{1,3}$", "aaaa", false),
            ("^a{0,1}b$", "b", true), ("^(?:ab){2}$", "abab", true), ("^a*?b+?$", "aabb", true), ("^a{1,2}?$", "aa", true),
            ("\\bana\\b", "x ana y", true), ("\\bana\\b", "banana", false), ("\\Bna", "banana", true), ("\\Bba", "ba", false),
            ("a}", "a}", true), ("x]", "x]", true), ("", "anything", true), ("()", "", true),
        ])
    func syntax(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test("case is ignored by default, in literals and in classes, and can be kept")
    func caseInsensitive() throws {
        #expect(try matches("^ADMIN@ACME\\.TEST$", "admin@acme.test"))
        #expect(try matches("^admin$", "AdMiN"))
        #expect(try matches("^[A-Z]+$", "ana"))
        #expect(try matches("^[a-z]+$", "ANA"))
        #expect(try !matches("[^A-Z]", "ana"))
        #expect(try !matches("[^a-z]", "ANA"))
        #expect(try matches("^é$", "É"))
        #expect(try matches("^[à-ÿ]$", "É"))
        // The Kelvin sign folds to k: folding is Unicode's lowercase mapping, scalar by scalar.
        #expect(try matches("^k$", "\u{212A}"))
        #expect(try !matches("^ADMIN$", "admin", ignoringCase: false))
        #expect(try matches("^[A-Z]+$", "ANA", ignoringCase: false))
        #expect(try !matches("^[A-Z]+$", "ana", ignoringCase: false))
    }

    @Test("a search is unanchored; ^ and $ are the text's edges only, and . is any character")
    func anchors() throws {
        #expect(try matches("min", "administrator"))
        #expect(try !matches("^min", "administrator"))
        #expect(try !matches("min$", "administrator"))
        #expect(try matches("tor$", "administrator"))
        // No multi-line mode, and `$` is not before a final line break (as in RE2).
        #expect(try !matches("^b", "a\nb"))
        #expect(try !matches("a$", "a\n"))
        // `.` takes line breaks, so a value with one cannot slip past `.*`.
        #expect(try matches("^admin.*evil$", "admin\nevil"))
        #expect(try matches("^\\x{1F600}.$", "😀é"))
        #expect(try matches("a^b|c", "c"))
        #expect(try !matches("a^b", "ab"))
    }

    @Test(
        "patterns that make backtracking engines take exponential time run in linear steps",
        arguments: [
            ("(a*)*b", "a", "b"), ("(a|a)*b", "a", "b"), ("(x+x+)+y", "x", "y"), ("(a+)+$", "a", ""), ("(?:a?){30}a{30}c", "a", "c"),
            ("(.*a){20}b", "a", "b"),
        ])
    func pathological(_ pattern: String, _ letter: String, _ ending: String) throws {
        let regex = try LinearRegex(pattern)
        let run = String(repeating: letter, count: 30_000)
        // Refused at the very end, after every way of splitting the run has been open.
        let outcome = regex.matchWithSteps(run + "!")
        #expect(!outcome.matched)
        #expect(outcome.steps <= regex.programSize * (30_001 + 1), "\(outcome.steps) steps, \(regex.programSize) instructions")
        // The second 15,000 characters cost at most the program's size each, like the first.
        let half = regex.matchWithSteps(String(repeating: letter, count: 15_000) + "!").steps
        #expect(outcome.steps - half <= regex.programSize * 15_000)
        let completed = regex.matches(run + ending)
        #expect(completed)
    }

    @Test("matching agrees with NSRegularExpression on 3,000 random patterns that are safe for it, each on 8 texts")
    func differential() throws {
        var generator = PatternGenerator(random: SplitMix64(seed: 14))
        var disagreements: [String] = []
        for _ in 0..<3_000 {
            let pattern = generator.pattern()
            let ignoringCase = generator.random.next() % 2 == 0
            let regex = try LinearRegex(pattern, ignoringCase: ignoringCase)
            let oracle = try NSRegularExpression(
                pattern: pattern, options: ignoringCase ? [.caseInsensitive, .dotMatchesLineSeparators] : [.dotMatchesLineSeparators])
            for _ in 0..<8 {
                let text = generator.text()
                let expected = oracle.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
                let outcome = regex.matchWithSteps(text)
                if outcome.matched != expected { disagreements.append("/\(pattern)/ ignoringCase: \(ignoringCase) on \"\(text)\"") }
                if outcome.steps > regex.programSize * (text.unicodeScalars.count + 1) {
                    disagreements.append("too many steps: /\(pattern)/")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}

/// Random patterns in the syntax both engines share, and short texts over the characters they use.
/// Backtracking engines (ICU's, under NSRegularExpression) end a loop whose iteration matched the
/// empty string, which changes what they find (`(a*)+b`), so only parts that cannot match empty
/// are repeated.
struct PatternGenerator {
    var random: SplitMix64

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

    mutating func pattern() -> String {
        (random.next() % 5 == 0 ? "^" : "") + alternation(depth: 2).text + (random.next() % 5 == 0 ? "$" : "")
    }

    mutating func text() -> String { String((0..<Int(random.next() % 11)).map { _ in pick(Array("abcAB1- .x")) }) }

    /// Each part with whether it can match the empty string.
    private mutating func alternation(depth: Int) -> (text: String, nullable: Bool) {
        let branches = (0..<(random.next() % 4 == 0 ? 2 : 1)).map { _ in concatenation(depth: depth) }
        return (branches.map(\.text).joined(separator: "|"), branches.contains { $0.nullable })
    }

    private mutating func concatenation(depth: Int) -> (text: String, nullable: Bool) {
        let items = (0..<(1 + Int(random.next() % 3))).map { _ in quantified(depth: depth) }
        return (items.map(\.text).joined(), items.allSatisfy(\.nullable))
    }

    private mutating func quantified(depth: Int) -> (text: String, nullable: Bool) {
        if random.next() % 12 == 0 { return (pick(["\\b", "\\B"]), true) }
        let (text, nullable) = atom(depth: depth)
        if nullable { return (text, true) }
        let quantifier = pick(["", "", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}", "*?", "+?"])
        return (text + quantifier, ["*", "?", "{0,2}", "*?"].contains(quantifier))
    }

    private mutating func atom(depth: Int) -> (text: String, nullable: Bool) {
        if depth > 0, random.next() % 4 == 0 {
            let inner = alternation(depth: depth - 1)
            return (pick(["(", "(?:"]) + inner.text + ")", inner.nullable)
        }
        let atoms = [
            "a", "b", "c", "A", "B", "1", "-", "x", "\\.", ".", "[abc]", "[^ab]", "[a-c]", "[A-C1]", "[^A-B]", "\\d", "\\w", "\\s",
            "\\W", "\\D", "\\S", "[\\d.]",
        ]
        return (pick(atoms), false)
    }
}
