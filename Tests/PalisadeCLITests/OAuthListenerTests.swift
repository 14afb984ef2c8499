import Testing

@testable import PalisadeCLI

/// Whether an HTTP answer has `status` (e.g. "400 Bad Request") and its page contains `text`.
private func answer(_ response: String?, is status: String, containing text: String) -> Bool {
    guard let response else { return false }
    return response.hasPrefix("HTTP/1.1 \(status)\r\n") && response.contains(text)
}

/// The listener around the judgement: the pages, and real loopback connections from stray,
/// malformed and good clients.
@Suite("OAuth listener: pages, and a live loopback exchange")
struct OAuthListenerTests {
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
        #expect(answer(garbage, is: "501 Not Implemented", containing: "unknown request method"))
        let noLineEnd = await LoopbackClient.ask(port: port, "GET /callback?code=c&state=s1 HTTP/1.1")
        #expect(noLineEnd == "")
        let overLong = await LoopbackClient.ask(port: port, "GET /" + String(repeating: "A", count: 20_000) + " HTTP/1.1\r\n\r\n")
        #expect(answer(overLong, is: "431 Request Header Fields Too Large", containing: "exceeds"))
        let post = await LoopbackClient.ask(port: port, "POST /callback?code=c&state=s1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(answer(post, is: "400 Bad Request", containing: "the callback is a GET request"))
        let favicon = await LoopbackClient.ask(port: port, "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(answer(favicon, is: "404 Not Found", containing: "Nothing here."))
        let stranger = await LoopbackClient.ask(port: port, "GET /callback?code=c&state=s2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(answer(stranger, is: "400 Bad Request", containing: "state mismatch"))
        let empty = await LoopbackClient.ask(port: port, [])
        #expect(empty == "")

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
        let denied = await LoopbackClient.ask(port: listener.port, "GET /callback?error=%3Cb%3Eno&state=s1 HTTP/1.1\r\nHost: x\r\n\r\n")
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
