import PalisadeHTTP1
import Testing

/// Feeds `text` to a new session (whole, or one byte at a time) and returns what it recorded.
private func parse(_ text: String, byteAtATime: Bool = false, limits: H1Session.Limits = .init()) -> [H1Event] {
    let session = H1Session(limits: limits)
    let bytes = Array(text.utf8)
    if byteAtATime {
        for byte in bytes { [byte].withUnsafeBytes { session.receive($0) } }
    } else {
        bytes.withUnsafeBytes { session.receive($0) }
    }
    return session.takeEvents()
}

private func failure(_ events: [H1Event]) -> H1ParseError? {
    guard case .failed(let error) = events.last else { return nil }
    return error
}

private func heads(_ events: [H1Event]) -> [H1RequestHead] {
    events.compactMap { if case .head(let head) = $0 { head } else { nil } }
}

private func body(_ events: [H1Event]) -> [UInt8] {
    var bytes: [UInt8] = []
    for case .body(let chunk) in events { bytes += chunk }
    return bytes
}

@Suite struct H1SessionTests {
    @Test func readsAGetRequest() throws {
        let events = parse("GET /audit/v1/logs?limit=10 HTTP/1.1\r\nHost: slack.test\r\nUser-Agent: curl/7.88\r\n\r\n")
        let head = try #require(heads(events).first)
        #expect(events.first == .requestBegan)
        #expect(events.last == .end)
        #expect(head.method == "GET")
        #expect(head.target == "/audit/v1/logs?limit=10")
        #expect(head.header("user-agent") == "curl/7.88")
        #expect(head.keepAlive)
        #expect(head.contentLength == nil)
    }

    @Test func byteAtATimeGivesTheSameRequest() {
        let text = "POST /api/auth.test HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nX-Long:   spaced value  \r\n\r\nhello"
        let whole = parse(text)
        let trickled = parse(text, byteAtATime: true)
        #expect(heads(whole) == heads(trickled))
        #expect(body(whole) == body(trickled))
        #expect(body(whole) == Array("hello".utf8))
        #expect(heads(whole).first?.header("x-long") == "spaced value")
    }

    @Test func removesChunkedFraming() throws {
        let events = parse("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        #expect(body(events) == Array("hello world".utf8))
        let head = try #require(heads(events).first)
        #expect(head.chunked)
        #expect(events.last == .end)
    }

    @Test func holdsPipelinedRequestsUntilResumed() {
        let session = H1Session()
        let two = "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n"
        Array(two.utf8).withUnsafeBytes { session.receive($0) }
        #expect(heads(session.takeEvents()).map(\.target) == ["/one"])
        #expect(session.bufferedBytes == 30)
        session.resume()
        let second = session.takeEvents()
        #expect(heads(second).map(\.target) == ["/two"])
        #expect(second.last == .end)
        #expect(session.bufferedBytes == 0)
    }

    @Test func absoluteFormTargetsBecomeOriginForm() {
        #expect(H1RequestHead(method: "GET", target: "http://x/metrics?a=1").originFormTarget == "/metrics?a=1")
        #expect(H1RequestHead(method: "GET", target: "HTTPS://x:8443").originFormTarget == "/")
        #expect(H1RequestHead(method: "GET", target: "http://x?q").originFormTarget == "/?q")
        #expect(H1RequestHead(method: "GET", target: "/plain").originFormTarget == "/plain")
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() {
        #expect(heads(parse("GET / HTTP/1.0\r\n\r\n")).first?.keepAlive == false)
        #expect(heads(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).first?.keepAlive == true)
        #expect(heads(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).first?.keepAlive == false)
    }

    @Test func ignoresAnUpgradeToH2c() {
        let events = parse(
            "GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n"
        )
        #expect(heads(events).first?.target == "/x")
        #expect(events.last == .end)
    }

    @Test func expectContinueIsReported() {
        let head = heads(parse("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")).first
        #expect(head?.expectsContinue == true)
        #expect(heads(parse("GET /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")).first?.expectsContinue == false)
    }

    // MARK: Smuggling shapes (RFC 9112 §6.1, §6.3)

    @Test(arguments: [
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 5\r\n\r\nabcde",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 4\r\n\r\nabcd",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n",
    ])
    func refusesSmugglingShapes(_ request: String) throws {
        let events = parse(request)
        let error = try #require(failure(events), "accepted: \(request.debugDescription)")
        #expect(error.status == 400)
        #expect(!events.contains(.end) || heads(events).count <= 1)
    }

    @Test func refusesAGarbageFirstLine() throws {
        let error = try #require(failure(parse("\u{16}\u{3}\u{1}\u{0}\u{a5}\u{1}\u{0}\u{0}")))
        #expect([400, 501].contains(error.status))
    }

    @Test func refusesGarbageAfterAGoodRequest() throws {
        let session = H1Session()
        Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n\u{1}\u{2}garbage\r\n\r\n".utf8).withUnsafeBytes { session.receive($0) }
        #expect(session.takeEvents().last == .end)
        session.resume()
        let status = failure(session.takeEvents())?.status
        #expect(status == 400 || status == 501)
        #expect(session.hasFailed)
    }

    // MARK: Limits

    @Test func refusesAnOversizedHead() throws {
        let big = String(repeating: "a", count: 20_000)
        let events = parse("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(big)\r\n\r\n")
        #expect(try #require(failure(events)).status == 431)
        #expect(heads(events).isEmpty)
        #expect(try #require(failure(parse("GET /\(big) HTTP/1.1\r\nHost: a\r\n\r\n"))).status == 431)
    }

    @Test func refusesTooManyFields() throws {
        let many = (0..<101).map { "X-\($0): 1\r\n" }.joined()
        #expect(try #require(failure(parse("GET / HTTP/1.1\r\nHost: a\r\n\(many)\r\n"))).status == 431)
        let manyEmpty = String(repeating: "X:\r\n", count: 5000)
        #expect(try #require(failure(parse("GET / HTTP/1.1\r\nHost: a\r\n\(manyEmpty)\r\n"))).status == 431)
    }

    @Test func refusesAnAnnouncedBodyOverTheLimitBeforeReadingIt() throws {
        let limits = H1Session.Limits(maxBodyBytes: 10)
        let events = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits)
        #expect(try #require(failure(events)).status == 413)
        #expect(heads(events).isEmpty)
    }

    @Test func refusesAChunkedBodyOverTheLimit() throws {
        let limits = H1Session.Limits(maxBodyBytes: 10)
        let events = parse(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n", limits: limits)
        #expect(try #require(failure(events)).status == 413)
        #expect(!events.contains(.end))
    }

    // MARK: What a server must not serve

    @Test func refusesOtherVersionsHostlessRequestsAndConnect() throws {
        #expect(try #require(failure(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n"))).status == 505)
        let preface = parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        // libhttp-parser does not know PRI as a method: 501 rather than 505, refused either way.
        #expect([501, 505].contains(try #require(failure(preface)).status))
        #expect(try #require(failure(parse("GET / HTTP/1.1\r\n\r\n"))).status == 400)
        #expect(try #require(failure(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))).status == 400)
        #expect(try #require(failure(parse("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n"))).status == 501)
        #expect(try #require(failure(parse("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n"))).status == 501)
    }

    @Test func nothingIsReadAfterAFailure() {
        let session = H1Session()
        Array("GET / HTTP/1.1\r\n\r\n".utf8).withUnsafeBytes { session.receive($0) }
        _ = session.takeEvents()
        Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8).withUnsafeBytes { session.receive($0) }
        #expect(session.takeEvents().isEmpty)
    }
}
