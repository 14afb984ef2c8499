/// Percent-encoding of what the providers' URLs and forms are built from (user addresses, ids,
/// filters): everything outside the unreserved characters is escaped, so no input can end a
/// path segment, start a query or add a form field.
public enum URLEscaping {
    /// One path segment; `@` stays (both Graph and Okta take addresses in the path as they are).
    public static func segment(_ text: String) -> String { escape(text, keeping: "-._~@") }

    /// A query value or an `application/x-www-form-urlencoded` value (spaces as `%20`).
    public static func value(_ text: String) -> String { escape(text, keeping: "-._~") }

    private static func escape(_ text: String, keeping: String) -> String {
        let kept = Set(keeping.utf8)
        var out = ""
        for byte in text.utf8 {
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isAlphanumeric || kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
