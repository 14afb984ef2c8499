import PalisadeHTTP1
import Testing

@Suite struct H1ResponseTests {
    @Test func writesTheStatusLineFramingAndFields() {
        let head = H1Response.head(
            status: 404, headers: [("content-type", "text/plain"), ("Content-Length", "999"), ("connection", "keep-alive")],
            contentLength: 10, close: true)
        #expect(
            String(decoding: head, as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 10\r\nconnection: close\r\n\r\n")
    }

    @Test func aValueCannotSplitTheHead() {
        let head = H1Response.head(status: 302, headers: [("location", "/x\r\nSet-Cookie: a=b")], contentLength: 0, close: false)
        let text = String(decoding: head, as: UTF8.self)
        #expect(text == "HTTP/1.1 302 Found\r\nlocation: /x  Set-Cookie: a=b\r\ncontent-length: 0\r\n\r\n")
    }

    @Test func reasonPhrases() {
        #expect(H1Response.reason(200) == "OK")
        #expect(H1Response.reason(429) == "Too Many Requests")
        #expect(H1Response.reason(505) == "HTTP Version Not Supported")
        #expect(H1Response.reason(999) == "Unknown")
    }
}
