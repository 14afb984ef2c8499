import Foundation

/// Why a query string or form body could not be decoded.
package struct FormDecodingError: Error, Sendable, Equatable {
    /// What is wrong, for the 400 answer.
    package let message: String
}

/// Decodes `application/x-www-form-urlencoded` text: query strings and Web API form bodies.
///
/// Strict where ambiguity would hide a client bug (a `%` not followed by two hex digits, bytes
/// that are not UTF-8), lenient where browsers and SDKs differ harmlessly (empty pairs, a key
/// without `=`). The first occurrence of a repeated key wins. Shared with the identity
/// simulators (`package`).
package enum FormDecoding {
    /// The key/value pairs of `text`, in order.
    package static func pairs(_ text: Substring) throws(FormDecodingError) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let key: Substring
            let value: Substring
            if let eq = part.firstIndex(of: "=") {
                key = part[..<eq]
                value = part[part.index(after: eq)...]
            } else {
                key = part
                value = ""
            }
            result.append((try decode(key), try decode(value)))
        }
        return result
    }

    /// A dictionary of `text`'s pairs; the first value of a repeated key wins.
    package static func fields(_ text: Substring) throws(FormDecodingError) -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in try pairs(text) where fields[key] == nil { fields[key] = value }
        return fields
    }

    /// Percent-decodes one component; `+` is a space.
    package static func decode(_ text: Substring) throws(FormDecodingError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw FormDecodingError(message: "bad percent-encoding in '\(text.prefix(64))'")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw FormDecodingError(message: "percent-decoded text is not UTF-8")
        }
        return string
    }

    /// Percent-encodes a value for a URL query (RFC 3986 unreserved characters stay as they are).
    package static func encode(_ text: String) -> String {
        // nil only for text that is not valid Unicode, which a Swift String cannot hold.
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`), ASCII only.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
