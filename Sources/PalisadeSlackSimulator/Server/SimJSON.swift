import PalisadeRPC

/// Small JSON texts the simulator writes by hand: error bodies and Web API answers. Keys come
/// out in a fixed order, so answers are byte-for-byte reproducible.
enum SimJSON {
    /// `text` as a JSON string literal, quotes included: the escaping the scenario's entries use.
    static func quote(_ text: String) -> String {
        String(decoding: JSONBytes.quoted(text), as: UTF8.self)
    }

    /// The content type of every JSON answer.
    static let contentType = "application/json; charset=utf-8"

    /// A JSON response.
    static func response(_ status: Int, _ text: String, headers: [(name: String, value: String)] = [])
        -> HTTPServerResponse
    {
        HTTPServerResponse(status: status, contentType: contentType, body: Array(text.utf8), headers: headers)
    }

    /// `{"ok":false,"error":"<code>"}` with `status`.
    static func error(_ status: Int, _ code: String, headers: [(name: String, value: String)] = [])
        -> HTTPServerResponse
    {
        response(status, #"{"ok":false,"error":"# + quote(code) + "}", headers: headers)
    }
}
