/// A header block encoded by hand (RFC 7541), without Huffman coding.
///
/// Hand-encoding lets the attackers put exactly the representations they want on the wire:
/// literals that do or do not enter the dynamic table, and indexed references to an entry
/// inserted earlier in the same block (the HPACK bomb). A request block built here is also a
/// fixed byte string, so the flood loops reuse it for every stream without an encoder.
struct HPACKBlock {
    /// The encoded representations, in order.
    private(set) var bytes: [UInt8] = []

    /// Static table indices (RFC 7541 Appendix A) used by the request blocks.
    enum Static {
        /// `:authority` (name only).
        static let authority = 1
        /// `:method: POST`.
        static let methodPost = 3
        /// `:path` (name only).
        static let path = 4
        /// `:scheme: http`.
        static let schemeHTTP = 6
        /// `:scheme: https`.
        static let schemeHTTPS = 7
        /// `content-type` (name only).
        static let contentType = 31
    }

    /// The first dynamic table index: the most recent insertion (0xbe as an indexed field).
    static let firstDynamicIndex = 62

    /// An empty block.
    init() {}

    /// A gRPC request for `path` (`/palisade.bench.v1.Echo/Unary`): POST, scheme, path,
    /// authority, `content-type: application/grpc`, `te: trailers`, then `extra` fields, all
    /// literals without indexing so the block can be sent again and again unchanged.
    static func request(path: String, tls: Bool, extra: [(String, String)] = []) -> HPACKBlock {
        var block = HPACKBlock()
        block.indexed(Static.methodPost)
        block.indexed(tls ? Static.schemeHTTPS : Static.schemeHTTP)
        block.literal(nameIndex: Static.path, value: Array(path.utf8))
        block.literal(nameIndex: Static.authority, value: Array("localhost".utf8))
        block.literal(nameIndex: Static.contentType, value: Array("application/grpc".utf8))
        block.literal(name: "te", value: Array("trailers".utf8))
        for (name, value) in extra { block.literal(name: name, value: Array(value.utf8)) }
        return block
    }

    /// Indexed header field (§6.1): `1xxxxxxx`, a reference to a static or dynamic entry.
    mutating func indexed(_ index: Int) {
        integer(index, prefixBits: 7, pattern: 0x80)
    }

    /// Literal without indexing, name from the static table (§6.2.2): `0000xxxx`.
    mutating func literal(nameIndex: Int, value: some Collection<UInt8>) {
        integer(nameIndex, prefixBits: 4, pattern: 0x00)
        string(value)
    }

    /// Literal without indexing, new name (§6.2.2): `0x00`, name, value.
    mutating func literal(name: String, value: some Collection<UInt8>) {
        bytes.append(0x00)
        string(name.utf8)
        string(value)
    }

    /// Literal with incremental indexing, new name (§6.2.1): `0x40`, name, value; the field
    /// becomes dynamic index 62 and pushes older entries up.
    mutating func literalWithIndexing(name: String, value: some Collection<UInt8>) {
        bytes.append(0x40)
        string(name.utf8)
        string(value)
    }

    /// Appends `count` copies of an already encoded one-byte representation (e.g. 0xbe).
    mutating func repeatByte(_ byte: UInt8, count: Int) {
        bytes.append(contentsOf: repeatElement(byte, count: max(0, count)))
    }

    /// Integer with an N-bit prefix (§5.1); `pattern` holds the representation's high bits.
    private mutating func integer(_ value: Int, prefixBits: Int, pattern: UInt8) {
        let limit = (1 << prefixBits) - 1
        guard value >= limit else {
            bytes.append(pattern | UInt8(value))
            return
        }
        bytes.append(pattern | UInt8(limit))
        var rest = value - limit
        while rest >= 128 {
            bytes.append(UInt8(rest % 128) | 0x80)
            rest /= 128
        }
        bytes.append(UInt8(rest))
    }

    /// String literal (§5.2) with H = 0: 7-bit-prefix length, then the raw octets.
    private mutating func string(_ value: some Collection<UInt8>) {
        integer(value.count, prefixBits: 7, pattern: 0x00)
        bytes.append(contentsOf: value)
    }
}
