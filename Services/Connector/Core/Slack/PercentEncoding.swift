import Foundation

/// Percent-encoding for query strings and `application/x-www-form-urlencoded` bodies.
enum PercentEncoding {
    /// RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`), ASCII only.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `value` with every byte outside the unreserved set written as `%XX`. Encoding more than
    /// strictly needed (`,`, `=`, `+`, `/`) is always safe: a base64 cursor's `+` would otherwise
    /// read as a space, its `=` as a separator.
    static func encode(_ value: String) -> String {
        // nil only for text that is not valid Unicode, which a Swift String cannot hold.
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `name=value` pairs, each side encoded, joined by `&`.
    static func form(_ parameters: [(name: String, value: String)]) -> String {
        parameters.map { encode($0.name) + "=" + encode($0.value) }.joined(separator: "&")
    }
}
