/// The short HTML pages the OAuth listener answers the browser with.
enum OAuthPage {
    /// Slack sent a code; the terminal finishes the connection.
    static let authorized = page(
        "Palisade received Slack's authorization",
        "You can close this tab. The terminal that ran <code>palisade connect slack</code> finishes connecting the organization and shows the result."
    )

    /// Slack reported an error instead of a code.
    static func denied(_ error: String) -> String {
        page(
            "Slack did not authorize Palisade",
            "Slack answered <code>\(escape(error))</code>. The terminal shows what to do next; you can close this tab.")
    }

    /// A request the listener does not act on.
    static func problem(_ reason: String) -> String {
        page("Palisade", escape(reason))
    }

    private static func page(_ title: String, _ paragraph: String) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>\(title)</title></head>
        <body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
        <h1>\(title)</h1>
        <p>\(paragraph)</p>
        </body></html>

        """
    }

    /// Escapes text taken from the request, which anyone on this machine can choose.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
