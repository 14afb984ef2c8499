/// Percent-encoding of the `grpc-message` trailer.
///
/// HTTP/2 header values must be printable ASCII, but status messages are arbitrary UTF-8, so
/// gRPC percent-encodes every byte outside 0x20–0x7E, and `%` itself.
///
/// ```swift
/// GRPCMessageText.percentEncode("café 100%")   // "caf%C3%A9 100%25"
/// ```
public enum GRPCMessageText {
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Encodes `text` for the `grpc-message` trailer (uppercase hex escapes).
    public static func percentEncode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "%") {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes a `grpc-message` value leniently.
    ///
    /// gRPC asks receivers not to fail a call over a badly encoded message, so an invalid
    /// escape (`%`, `%4`, `%zz`) is kept literally and bytes that do not form valid UTF-8 are
    /// replaced with U+FFFD.
    public static func percentDecode(_ text: String) -> String {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
