import Testing

@testable import PalisadeCLI

/// The state `BeginOAuth` returned in these tests.
private let state = "s1"

/// What the listener makes of the request on `line` (`METHOD TARGET VERSION`, as the shared
/// server parsed it) when it expects `expected`.
private func parse(_ line: String, expecting expected: String = state) -> OAuthRedirect {
    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
    return OAuthRedirect.parse(method: String(parts[0]), target: String(parts[1]), expectedState: expected)
}

/// Whether `outcome` is a rejection whose reason contains `words`.
private func isRejected(_ outcome: OAuthRedirect, saying words: String) -> Bool {
    guard case .rejected(let reason) = outcome else { return false }
    return reason.contains(words)
}

/// `OAuthRedirect.parse`: which requests end the wait, which are ignored, and why.
@Suite("OAuth redirect: the browser's callback request")
struct OAuthRedirectTests {
    @Test("a good callback yields its code")
    func goodCallback() {
        #expect(parse("GET /callback?code=123.456.abc&state=s1 HTTP/1.1") == .authorized(code: "123.456.abc"))
        #expect(parse("GET /callback?state=s1&code=c HTTP/1.0") == .authorized(code: "c"))
    }

    @Test("percent-encoding and + are decoded, in values and names")
    func percentEncoding() {
        #expect(parse("GET /callback?code=a%2Fb%3Dc%26d+e&state=s1 HTTP/1.1") == .authorized(code: "a/b=c&d e"))
        #expect(parse("GET /callback?c%6Fde=x&st%61te=s1 HTTP/1.1") == .authorized(code: "x"))
        // An `=` inside a value belongs to the value.
        #expect(parse("GET /callback?code=a=b&state=s1 HTTP/1.1") == .authorized(code: "a=b"))
        let encodedState = parse("GET /callback?code=c&state=x%20y HTTP/1.1", expecting: "x y")
        #expect(encodedState == .authorized(code: "c"))
    }

    @Test("error=access_denied with our state yields the error")
    func denied() {
        #expect(parse("GET /callback?error=access_denied&state=s1 HTTP/1.1") == .denied(error: "access_denied"))
        // The error wins over a code sent beside it, and an empty error still ends the wait.
        #expect(parse("GET /callback?code=c&error=invalid_team&state=s1 HTTP/1.1") == .denied(error: "invalid_team"))
        #expect(parse("GET /callback?error=&state=s1 HTTP/1.1") == .denied(error: "unknown error"))
    }

    @Test("an error= with another state is rejected, so a stray page cannot end the sign-in")
    func deniedNeedsOurState() {
        #expect(isRejected(parse("GET /callback?error=access_denied&state=s2 HTTP/1.1"), saying: "state mismatch"))
        #expect(isRejected(parse("GET /callback?error=access_denied HTTP/1.1"), saying: "state mismatch"))
    }

    @Test(
        "another path is not the callback: 404, keep waiting",
        arguments: [
            "GET /favicon.ico HTTP/1.1", "GET / HTTP/1.1", "GET /callback/ HTTP/1.1", "GET /Callback?code=c&state=s1 HTTP/1.1",
            "GET /callbackx?code=c&state=s1 HTTP/1.1", "GET http://127.0.0.1/callback?code=c&state=s1 HTTP/1.1",
            "POST /favicon.ico HTTP/1.1",
        ])
    func otherPath(line: String) {
        #expect(parse(line) == .otherPath)
    }

    @Test("a missing or empty code is rejected")
    func missingCode() {
        #expect(isRejected(parse("GET /callback?state=s1 HTTP/1.1"), saying: "no code"))
        #expect(isRejected(parse("GET /callback?code=&state=s1 HTTP/1.1"), saying: "no code"))
        #expect(isRejected(parse("GET /callback?code&state=s1 HTTP/1.1"), saying: "no code"))
    }

    @Test(
        "a state other than ours, or none, is rejected",
        arguments: [
            "GET /callback?code=c&state=s2 HTTP/1.1", "GET /callback?code=c HTTP/1.1", "GET /callback HTTP/1.1",
            "GET /callback?code=c&state= HTTP/1.1", "GET /callback?code=c&state=S1 HTTP/1.1", "GET /callback?code=c&state=s1x HTTP/1.1",
        ])
    func stateMismatch(line: String) {
        #expect(isRejected(parse(line), saying: "state mismatch"))
    }

    @Test("a repeated parameter keeps its first value: a second state cannot override ours")
    func repeatedParameter() {
        #expect(parse("GET /callback?code=c&state=s1&state=s2 HTTP/1.1") == .authorized(code: "c"))
        #expect(isRejected(parse("GET /callback?code=c&state=s2&state=s1 HTTP/1.1"), saying: "state mismatch"))
        #expect(parse("GET /callback?code=first&code=second&state=s1 HTTP/1.1") == .authorized(code: "first"))
    }

    @Test(
        "invalid percent-encoding is rejected",
        arguments: [
            "GET /callback?code=%ZZ&state=s1 HTTP/1.1", "GET /callback?code=abc%&state=s1 HTTP/1.1",
            "GET /callback?code=%4&state=s1 HTTP/1.1", "GET /callback?code=%FF%FE&state=s1 HTTP/1.1",
            "GET /callback?code=c&state=s1&x=%C3 HTTP/1.1",
        ])
    func invalidEncoding(line: String) {
        #expect(isRejected(parse(line), saying: "percent-encoding"))
    }

    @Test("methods other than GET on the callback are rejected", arguments: ["POST", "PUT", "HEAD", "DELETE", "get", "OPTIONS"])
    func nonGet(method: String) {
        #expect(isRejected(parse("\(method) /callback?code=c&state=s1 HTTP/1.1"), saying: "GET request"))
    }

    @Test("an over-long request line is parsed without trouble")
    func overLong() {
        let long = String(repeating: "a", count: 1_000_000)
        #expect(parse("GET /callback?code=\(long)&state=s1 HTTP/1.1") == .authorized(code: long))
        #expect(isRejected(parse("GET /callback?code=c&state=\(long) HTTP/1.1"), saying: "state mismatch"))
        #expect(parse("GET /\(long) HTTP/1.1") == .otherPath)
        let ampersands = String(repeating: "&", count: 100_000)
        #expect(parse("GET /callback?\(ampersands)code=c\(ampersands)state=s1\(ampersands) HTTP/1.1") == .authorized(code: "c"))
    }

    @Test(
        "odd query shapes do not crash",
        arguments: [
            "GET /callback? HTTP/1.1", "GET /callback?& HTTP/1.1", "GET /callback?= HTTP/1.1", "GET /callback?==== HTTP/1.1",
            "GET /callback?%00=%00&state=s1 HTTP/1.1", "GET /callback?code=c?d&state=s1?x HTTP/1.1",
            "GET /callback?code=c&state=s1#frag HTTP/1.1", "GET /callback?\u{301}code=c&state=s1 HTTP/1.1",
        ])
    func oddQueries(line: String) {
        // None of these carries both a code and exactly our state.
        let outcome = parse(line)
        let endsTheWait = outcome == .authorized(code: "c")
        #expect(!endsTheWait)
    }

    @Test("queryParameters decodes a whole query and refuses a bad escape")
    func queryParameters() {
        #expect(OAuthRedirect.queryParameters(of: "/callback") == [:])
        #expect(OAuthRedirect.queryParameters(of: "/callback?a=1&b=%41+B&c") == ["a": "1", "b": "A B", "c": ""])
        #expect(OAuthRedirect.queryParameters(of: "/callback?a=%G1") == nil)
    }
}
