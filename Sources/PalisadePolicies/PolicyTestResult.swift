/// How one test case of a policy file went: what it expected, what the policy raised, and a
/// one-line account of it for people (`palisade policies test` prints it).
public struct PolicyTestResult: Sendable, Equatable {
    /// The policy's name.
    public var policy: String
    /// The case's name (`case N` when the file gives none).
    public var name: String
    /// The case's line in its file; 0 when unknown.
    public var line: Int
    /// How many findings the case expects.
    public var expected: Int
    /// The titles of the findings the policy raised, in order.
    public var titles: [String]
    /// Why an entry could not be read, when one could not (`entry 2: missing "id"`); the case
    /// fails without being run. A parsed policy file never has one: the parser refuses such entries.
    public var refusal: String?

    /// A result.
    public init(policy: String, name: String, line: Int = 0, expected: Int, titles: [String], refusal: String? = nil) {
        self.policy = policy
        self.name = name
        self.line = line
        self.expected = expected
        self.titles = titles
        self.refusal = refusal
    }

    /// Whether the policy raised exactly the findings expected.
    public var passed: Bool { refusal == nil && titles.count == expected }

    /// How many titles `detail` quotes before summing up the rest: a threshold case with a
    /// wrong count could otherwise print hundreds.
    static let quotedTitles = 3

    /// What happened, e.g. `1 finding, as expected: "ana@acme.test made ben@acme.test an admin"`
    /// or `expected 0 findings, got 1: "…"`.
    public var detail: String {
        if let refusal { return "not run: \(refusal)" }
        let quoted = titles.prefix(Self.quotedTitles).map { "\"\($0)\"" }
        var list = quoted.joined(separator: "; ")
        if titles.count > quoted.count { list += "; and \(titles.count - quoted.count) more" }
        let found = titles.isEmpty ? "" : ": \(list)"
        if passed { return titles.isEmpty ? "no findings, as expected" : "\(Self.count(titles.count)), as expected\(found)" }
        return "expected \(Self.count(expected)), got \(titles.count)\(found)"
    }

    /// `1 finding`, `3 findings`, `0 findings`.
    static func count(_ number: Int) -> String { number == 1 ? "1 finding" : "\(number) findings" }
}
