/// The three wire types of the binary format (the low 3 bits of a field key).
enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2

    /// The highest field number a key can carry (29 bits, so a key fits in 32 bits).
    static let maxFieldNumber = 536_870_911

    /// The name used in error messages, matching `Protocol/encoding.md`.
    var name: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        }
    }
}
