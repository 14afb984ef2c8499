/// How the engine ignores case: each character (Unicode scalar) is replaced by its lowercase form
/// when that form is a single scalar (`A` → `a`, `Ä` → `ä`, the Kelvin sign → `k`), and kept as
/// it is otherwise (`İ`, whose lowercase is two scalars).
///
/// Per scalar rather than `String.lowercased()`, so the matcher can fold its input as it reads it
/// without allocating a lowered copy, and so folding never changes the number of characters a
/// pattern steps over.
enum RegexFolding {
    /// The folded form of the scalar value `value`.
    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32 {
        if value < 0x80 {
            // ASCII, nearly every character of a Slack field: no table lookup.
            return value &- 0x41 < 26 ? value | 0x20 : value
        }
        return foldNonASCII(value)
    }

    /// The lowercase mapping of a non-ASCII scalar when it is one scalar. The mapping is a short
    /// String, which Swift keeps inline (no heap allocation).
    static func foldNonASCII(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return value }
        let properties = scalar.properties
        guard properties.changesWhenLowercased else { return value }
        let lowered = properties.lowercaseMapping.unicodeScalars
        guard let first = lowered.first, lowered.index(after: lowered.startIndex) == lowered.endIndex else { return value }
        return first.value
    }

    /// Whether `value` is a word character for `\w` and `\b`: ASCII letters, digits and `_`, as in
    /// RE2 (Slack's ids and e-mail addresses are ASCII; Unicode word rules would differ by locale).
    @inline(__always)
    static func isWord(_ value: UInt32) -> Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: true
        default: false
        }
    }
}
