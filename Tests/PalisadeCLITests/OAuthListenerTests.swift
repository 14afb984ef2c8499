import Testing

@testable import PalisadeCLI

/// Whether an HTTP answer has `status` (e.g. "400 Bad Request") and its page contains `text`.
private func answer(_ response: String?, is status: String, containing text: String) -> Bool {
    guard let response else { return false }
    return response.hasPrefix("HTTP/1.1 \(status)\r\n") && response.contains("Connection: close\r\n") && response.contains(text)
}

/// The listener around the parser: the request line cut from the head, the pages, and real
/// loopback connections from stray, malformed and good clients.
@Suite("OAuth listener: request heads, pages, and a live loopback exchange")
struct OAuthListenerTests {
    @Test("the request line is the text before the first CRLF")
    func requestLine() {
        let head = Array("GET /callback?code=c&state=s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        #expect(OAuthCallbackListener.requestLine(ofHead: head) == "GET /callback?code=c&state=s HTTP/1.1")
        #expect(OAuthCallbackListener.requestLine(ofHead: Array("\r\n\r\n".utf8)) == "")
        // A bare LF does not end the line.
        #expect(OAuthCallbackListener.requestLine(ofHead: Array("GET / HTTP/1.1\nHost: x\r\n".utf8)) == "GET / HTTP/1.1\nHost: x")
    }

    @Test("a head with no CRLF (cut short, or longer than maxHead) has no request line")
    func noLineEnd() {
        #expect(OAuthCallbackListener.requestLine(ofHead: []) == nil)
        #expect(OAuthCallbackListener.requestLine(ofHead: Array("GET /callback HTTP/1.1".utf8)) == nil)
        #expect(OAuthCallbackListener.requestLine(ofHead: Array("GET / HTTP/1.1\r".utf8)) == nil)
        #expect(OAuthCallbackListener.requestLine(ofHead: [UInt8](repeating: 0x41, count: OAuthCallbackListener.maxHead)) == nil)
    }

    @Test("garbage bytes: invalid UTF-8 has no request line; valid bytes go on to the parser and are rejected")
    func garbage() {
        #expect(OAuthCallbackListener.requestLine(ofHead: [0xFF, 0xFE, 0x00, 0x80, 0x0D, 0x0A]) == nil)
        #expect(OAuthCallbackListener.requestLine(ofHead: [0x47, 0x45, 0x54, 0x20, 0xC3, 0x28, 0x0D, 0x0A]) == nil)
        let controls = OAuthCallbackListener.requestLine(ofHead: [0x00, 0x01, 0x1B, 0x7F, 0x0D, 0x0A])
        #expect(controls == "\u{0}\u{1}\u{1B}\u{7F}")
        let outcome = OAuthRedirect.parse(requestLine: controls ?? "", expectedState: "s")
        #expect(outcome == .rejected("not an HTTP/1.x request line"))
    }

    @Test("pages escape what the request chose")
    func pagesEscape() {
        #expect(OAuthPage.escape(#"<a href="x" onclick='y'>&</a>"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        let denied = OAuthPage.denied("<script>alert(1)</script>")
        #expect(denied.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !denied.contains("<script>"))
        let problem = OAuthPage.problem("bad <b>")
        #expect(problem.contains("bad &lt;b&gt;") && !problem.contains("<b>"))
        #expect(OAuthPage.authorized.hasPrefix("<!doctype html>"))
    }

    @Test("waits are described in minutes, or seconds when not whole minutes")
    func describe() {
        #expect(OAuthCallbackListener.describe(.seconds(60)) == "1 minute")
        #expect(OAuthCallbackListener.describe(.seconds(600)) == "10 minutes")
        #expect(OAuthCallbackListener.describe(.seconds(90)) == "90 s")
    }

    @Test("Slack's access_denied is explained; other errors are named")
    func explainDenial() {
        #expect(ConnectSlack.explain(denial: "access_denied").contains("cancelled in the browser"))
        let other = ConnectSlack.explain(denial: "invalid_team_for_non_distributed_app")
        #expect(other.contains("invalid_team_for_non_distributed_app") && other.contains("Org Owner"))
    }

    @Test("live: stray, malformed and over-long requests are answered and ignored; the good redirect ends the wait")
    func liveExchange() async throws {
        let listener = try OAuthCallbackListener(port: 0)
        #expect(listener.redirectURI == "http://127.0.0.1:\(listener.port)/callback")
        let waiting = Task { try await listener.waitForRedirect(expectedState: "s1", timeout: .seconds(60)) }
        let port = listener.port

        let garbage = await LoopbackClient.ask(port: port, [0xFF, 0xFE, 0x00, 0x80, 0x0D, 0x0A, 0x0D, 0x0A])
        #expect(answer(garbage, is: "400 Bad Request", containing: "The request could not be read."))
        let noLineEnd = await LoopbackClient.ask(port: port, "GET /callback?code=c&state=s1 HTTP/1.1")
        #expect(answer(noLineEnd, is: "400 Bad Request", containing: "The request could not be read."))
        let overLong = await LoopbackClient.ask(port: port, [UInt8](repeating: 0x41, count: OAuthCallbackListener.maxHead))
        #expect(answer(overLong, is: "400 Bad Request", containing: "The request could not be read."))
        let post = await LoopbackClient.ask(port: port, "POST /callback?code=c&state=s1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(answer(post, is: "400 Bad Request", containing: "the callback is a GET request"))
        let favicon = await LoopbackClient.ask(port: port, "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(answer(favicon, is: "404 Not Found", containing: "Nothing here."))
        let stranger = await LoopbackClient.ask(port: port, "GET /callback?code=c&state=s2 HTTP/1.1\r\n\r\n")
        #expect(answer(stranger, is: "400 Bad Request", containing: "state mismatch"))
        let empty = await LoopbackClient.ask(port: port, [])
        #expect(answer(empty, is: "400 Bad Request", containing: "The request could not be read."))

        let good = await LoopbackClient.ask(
            port: port, "GET /callback?code=123.456.a%2Fb&state=s1 HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: x=y\r\n\r\n")
        #expect(answer(good, is: "200 OK", containing: "Palisade received Slack's authorization"))
        let outcome = try await waiting.value
        #expect(outcome == .authorized(code: "123.456.a/b"))
    }

    @Test("live: a denial ends the wait, and its page escapes the error Slack (or anyone) put in the URL")
    func liveDenial() async throws {
        let listener = try OAuthCallbackListener(port: 0)
        let waiting = Task { try await listener.waitForRedirect(expectedState: "s1", timeout: .seconds(60)) }
        let denied = await LoopbackClient.ask(port: listener.port, "GET /callback?error=%3Cb%3Eno&state=s1 HTTP/1.1\r\n\r\n")
        #expect(answer(denied, is: "200 OK", containing: "Slack answered <code>&lt;b&gt;no</code>"))
        let outcome = try await waiting.value
        #expect(outcome == .denied(error: "<b>no"))
    }

    @Test("live: no redirect within the timeout is a clear failure")
    func liveTimeout() async throws {
        let listener = try OAuthCallbackListener(port: 0)
        var message: String?
        do {
            _ = try await listener.waitForRedirect(expectedState: "s1", timeout: .seconds(1))
        } catch {
            message = error.message
        }
        #expect(message == "no redirect from Slack within 1 s; run the command again")
    }
}
