import PalisadeJSON
import Testing

@Suite struct JSONElementTests {
    @Test func keepsEveryValueWithItsSourceText() throws {
        let source = Array(#" {"id":"a\u00e9", "n": 1656410836837, "f":-1.5e3, "b":true, "z":null, "a":[1, "x"], "o":{"k":{}} } "#.utf8)
        let root = try JSONElement.parse(source)
        #expect(root["id"]?.string == "aé")
        #expect(root["id"]?.text(in: source) == #""a\u00e9""#)
        #expect(root["n"]?.text(in: source) == "1656410836837")
        guard case .number(let isInteger)? = root["f"]?.value else { Issue.record("f is not a number"); return }
        #expect(!isInteger && root["f"]?.text(in: source) == "-1.5e3")
        #expect(root["z"]?.isNull == true && root["missing"] == nil)
        #expect(root["a"]?.text(in: source) == #"[1, "x"]"#)
        #expect(root["o"]?["k"]?.members?.isEmpty == true)
        #expect(root.members?.map(\.key) == ["id", "n", "f", "b", "z", "a", "o"])
    }

    @Test func theLastOfRepeatedMembersCounts() throws {
        let root = try JSONElement.parse(Array(#"{"a":1,"a":"two"}"#.utf8))
        #expect(root["a"]?.string == "two")
        #expect(root.members?.count == 2)
    }

    @Test(arguments: [
        ("", JSONScanError.Code.truncated), ("{", .truncated), (#"{"a":1,}"#, .syntax), ("[01]", .invalidNumber),
        (#"{"a":"\ud800"}"#, .invalidString), ("{} x", .trailingData),
        (
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            .tooDeep
        ),
        ("\"\u{1}\"", .invalidString), ("nul", .truncated), ("tru e", .syntax),
    ])
    func refusesWhatIsNotJSON(input: String, code: JSONScanError.Code) {
        let error = #expect(throws: JSONScanError.self) { try JSONElement.parse(Array(input.utf8)) }
        #expect(error?.code == code)
    }
}
