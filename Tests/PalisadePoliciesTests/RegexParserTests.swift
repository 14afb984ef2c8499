import PalisadePolicies
import Testing

/// Patterns the engine refuses: each names the character at fault (1-based) and what is not
/// supported, and the limits on length, nesting, counts and expanded size hold.
@Suite("Regex patterns that are refused")
struct RegexParserTests {
    func refusal(_ pattern: String) -> RegexError? {
        do {
            _ = try LinearRegex(pattern)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "unsupported and malformed syntax is refused at its position, by name",
        arguments: [
            ("(a)\\1", 4, "backreferences"), ("\\k<x>", 1, "backreferences"), ("a(?=b)", 2, "lookahead"), ("(?!b)", 1, "lookahead"),
            ("x(?<=a)", 2, "lookbehind"), ("(?<!a)", 1, "lookbehind"), ("(?<name>a)", 1, "named groups"),
            ("(?P<name>a)", 1, "named groups"), ("(?>a)", 1, "atomic groups"), ("(?i)admin", 1, "flags are not supported"),
            ("a*+", 3, "possessive"), ("a{2}+", 5, "possessive"), ("a**", 3, "a quantifier cannot follow another"),
            ("a*?+", 4, "a quantifier cannot follow another"), ("*a", 1, "`*` has nothing to repeat"),
            ("a|+", 3, "`+` has nothing to repeat"), ("{2}", 1, "`{` has nothing to repeat"), ("a{x}", 2, "`{` starts a repetition"),
            ("a{2", 2, "`{` starts a repetition"), ("a{,3}", 2, "`{` starts a repetition"), ("a{1001}", 2, "at most 1000"),
            ("a{2,1001}", 2, "at most 1000"), ("a{3,2}", 2, "the minimum is larger"), ("ab(c", 3, "has no `)`"),
            ("ab)", 3, "`)` closes no group"), ("x[ab", 2, "has no `]`"), ("[z-a]", 2, "out of order"),
            ("[[:alpha:]]", 2, "POSIX classes"), ("[a[b]", 3, "write `\\[`"), ("[\\d-z]", 2, "a range cannot start with a class"),
            ("[a-\\d]", 4, "a range cannot end with a class"), ("[\\b]", 2, "boundary"), ("\\p{L}", 1, "Unicode classes"),
            ("\\Qa\\E", 1, "quoting"), ("\\Z", 1, "use `^` and `$`"), ("\\0", 1, "octal"), ("\\q", 1, "not a supported escape"),
            ("\\xZZ", 1, "two hex digits"), ("\\x{110000}", 1, "not a Unicode scalar value"), ("abc\\", 4, "cannot end with `\\`"),
        ])
    func refused(_ pattern: String, _ position: Int, _ message: String) throws {
        let error = try #require(refusal(pattern))
        #expect(error.position == position, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("at character \(position) of the pattern: "))
    }

    @Test("a pattern is at most 1,000 characters")
    func lengthLimit() throws {
        #expect(refusal(String(repeating: "a", count: 1_000)) == nil)
        let error = try #require(refusal(String(repeating: "a", count: 1_001)))
        #expect(error.position == 0)
        #expect(error.description == "a pattern is at most 1000 characters; this one has 1001")
    }

    @Test("groups nest at most 32 deep")
    func depthLimit() throws {
        func nested(_ depth: Int) -> String { String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth) }
        #expect(refusal(nested(32)) == nil)
        let error = try #require(refusal(nested(33)))
        #expect(error.position == 33)
        #expect(error.message.contains("nested more than 32 deep"))
    }

    @Test("repetitions expand to at most 10,000 instructions; the outermost one is named")
    func sizeLimit() throws {
        let largest = try LinearRegex("(a{99}){100}")
        #expect(largest.programSize == 9_901)
        let error = try #require(refusal("x(a{100}){100}"))
        #expect(error.position == 10)
        #expect(error.message.contains("more than 10000"))
        // Nesting cannot multiply past the limit before it is noticed.
        #expect(refusal("((((a{1000}){1000}){1000}){1000})") != nil)
        #expect(refusal("[à-ÿ]{1000}[a-z]{1000}") == nil)
    }

    @Test("supported syntax compiles, and lazy quantifiers are the same as greedy ones")
    func accepted() throws {
        for pattern in ["a*?", "a+?", "a??", "a{2,3}?", "(?:a|b)", "[^\\s\\d]", "\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\-\\/\\ "] {
            #expect(refusal(pattern) == nil, "\(pattern)")
        }
        let lazy = try LinearRegex("^a+?b")
        #expect(lazy.matches("aaab"))
        #expect(lazy == (try LinearRegex("^a+?b")))
        #expect(lazy != (try LinearRegex("^a+?b", ignoringCase: false)))
    }
}
