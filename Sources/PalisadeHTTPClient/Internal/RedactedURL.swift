import Foundation

/// A URL reduced to what is safe to log: scheme, host, port and path.
///
/// Query strings carry API tokens and cursors (`?token=...`), user info carries passwords, and a
/// fragment is never sent anyway, so all three are dropped. Plain string surgery rather than a
/// URL parser, so that even a malformed URL can be named in an error message.
struct RedactedURL: CustomStringConvertible, Sendable {
    let description: String

    init(_ url: String) {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            text = text[..<cut]
        }
        if let schemeEnd = text.range(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
            if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
                text = text[..<authorityStart] + text[text.index(after: at)...]
            }
        }
        // Control characters would let a hostile URL forge log lines.
        description = String(text.map { $0.isASCII && ($0.asciiValue ?? 0) < 0x20 ? "?" : $0 })
    }
}
