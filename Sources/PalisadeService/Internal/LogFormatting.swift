import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The pieces both line formats share: the timestamp, merged metadata, and value rendering.
enum LogFormatting {
    /// Field names the formats write themselves; a metadata key with one of these names is
    /// written with a leading `_` so it cannot hide the real field.
    static let reservedKeys: Set<String> = ["ts", "level", "service", "logger", "msg", "error"]

    /// Now, as `2026-11-26T01:02:03.456Z` (UTC, milliseconds).
    ///
    /// Built from `clock_gettime` and `gmtime_r` because both are thread-safe and allocation
    /// free, unlike a shared date formatter.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let milliseconds = Int32(now.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(milliseconds, 3))Z"
    }

    /// Handler metadata, then the provider's, then the event's: later ones win, as in swift-log.
    static func merged(
        _ handler: Logger.Metadata, provider: Logger.MetadataProvider?, event: Logger.Metadata?
    ) -> Logger.Metadata {
        var result = handler
        if let provided = provider?.get() {
            result.merge(provided) { _, new in new }
        }
        if let event {
            result.merge(event) { _, new in new }
        }
        return result
    }

    /// `key`, or `_key` for a reserved one.
    static func safeKey(_ key: String) -> String {
        reservedKeys.contains(key) ? "_" + key : key
    }

    /// A metadata value as text, for logfmt and for nested values: arrays as `[a, b]`,
    /// dictionaries as `{k: v}` with sorted keys.
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(text).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            return "{"
                + dictionary.sorted { $0.key < $1.key }.map { "\($0.key): \(text($0.value))" }
                .joined(separator: ", ") + "}"
        }
    }

    /// `text` as a double-quoted string literal: `"` and `\` escaped, `\n` `\r` `\t`, other
    /// characters that ``mustEscape(_:)`` names as `\uXXXX`. Valid JSON, and logfmt's quoting.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if mustEscape(scalar) {
                    result += unicodeEscape(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// `\u001b`-style escape for a control or line-separating character.
    static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Characters that would break a line apart or hide text on a terminal.
    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
