import PalisadePolicies
import Testing

/// Bad policy text: every refusal names the file, the line and column, and the entry, and says
/// what would be right.
@Suite("Policy filters that cannot be read")
struct PolicyFilterParserTests {
    func refusal(_ text: String) -> PolicyError? {
        PalisadePoliciesTests.refusal { () throws(PolicyError) in _ = try PolicyFilter.parse(text, file: "pack/admin.yaml") }
    }

    @Test("an unknown field is refused at its line, with the fields listed")
    func unknownField() throws {
        let error = try #require(refusal("all:\n  - action: user_login\n  - actr.email: { suffix: x }\n"))
        #expect(error.line == 3)
        #expect(error.column == 5)
        #expect(error.path == "all[1].actr.email")
        #expect(error.message.hasPrefix("no field is named `actr.email`; fields are "))
        #expect(error.message.contains("actor.email"))
        #expect(error.description.hasPrefix("pack/admin.yaml:3:5: all[1].actr.email: no field"))
    }

    @Test(
        "each malformed test is refused where it is",
        arguments: [
            ("ip: { cidr: [10.0.0.0/8, 10.0.0.1/8] }", 1, "ip.cidr[1]", "host bits are set (the block starts at 10.0.0.0/8)"),
            ("ip: { cidr: 300.1.1.1 }", 1, "ip.cidr", "\"300.1.1.1\" is not an IP address"),
            ("action: { cidr: 10.0.0.0/8 }", 1, "action.cidr", "`cidr` tests addresses"),
            ("action: { startsWith: user }", 1, "action.startsWith", "`startsWith` is not a test"),
            ("action: { prefix: a, suffix: b }", 1, "action", "a test is one of"),
            ("location.latitude: { gt: north }", 1, "location.latitude.gt", "`gt` takes a number"),
            ("time: { gt: yesterday }", 1, "time.gt", "`yesterday` is not a time"),
            ("actor.email: { exists: maybe }", 1, "actor.email.exists", "`exists` takes true or false"),
            ("\n\nall: { action: x }", 3, "all", "`all` takes a list of filters"),
            ("any:\n  - action: x\n  - [1, 2]", 3, "any[1]", "a filter is a mapping"),
            ("action: { in: user_login }", 1, "action.in", "`in` takes a list of values"),
            ("actor.email: { suffix: [\"\"] }", 1, "actor.email.suffix[0]", "expected non-empty text"),
            ("raw..id: x", 1, "raw..id", "no field is named"),
        ])
    func malformed(_ text: String, line: Int, path: String, message: String) throws {
        try expectRefused(refusal(text), line: line, path: path, message: message)
    }

    @Test("filters nested deeper than the limit are refused, so evaluating one cannot exhaust the stack")
    func depthLimit() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "{not: ", count: depth - 1) + "{action: x}" + String(repeating: "}", count: depth - 1)
        }
        #expect(refusal(nested(32)) == nil)
        let error = try #require(refusal(nested(33)))
        #expect(error.message.contains("nested more than 32 deep"))
        #expect(refusal(nested(100_000)) != nil)
    }

    @Test("aliases cannot multiply a small file into a huge filter, and a huge file is not read")
    func aliasesAndSize() throws {
        // Each level uses the one below twice: 2^40 conditions from 41 lines.
        var lines = ["l0: &l0 {action: x}"]
        for level in 1...40 { lines.append("l\(level): &l\(level) {all: [*l\(level - 1), *l\(level - 1)]}") }
        let bomb = "any:\n" + (0...40).map { "  - " + lines[$0].split(separator: ": ", maxSplits: 1)[1] }.joined(separator: "\n")
        let error = try #require(refusal(bomb))
        #expect(error.message.contains("at most 10000 conditions and combinations"), "\(error)")
        let huge = "action: [" + String(repeating: "user_login, ", count: 30_000) + "x]"
        #expect(refusal(huge)?.message == "a policy is at most 256 KiB of text")
    }

    @Test("a bad element of a list is located at the element")
    func elementLocated() throws {
        let error = try #require(refusal("ip: { cidr: [10.0.0.0/8, 10.0.0.1/8] }"))
        #expect(error.column == 26)
    }

    @Test("text that is not YAML or JSON, and an empty file, are refused naming the file")
    func notYAML() throws {
        let broken = try #require(refusal("all:\n  - action: x\n  - [unclosed"))
        #expect(broken.description.hasPrefix("pack/admin.yaml:4:1: not valid YAML or JSON: "), "\(broken)")
        #expect(!broken.message.contains("\n"))
        let empty = try #require(refusal(""))
        #expect(empty.description == "pack/admin.yaml: the file is empty")
        let json = try #require(refusal("{\"any\": [{\"actor.emial\": \"x\"}]}"))
        #expect(json.path == "any[0].actor.emial")
        #expect(json.line == 1)
    }
}
