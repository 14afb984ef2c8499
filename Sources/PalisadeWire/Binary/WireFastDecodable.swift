/// A message with a hand-written reader beside its `Codable` conformance, for the few messages
/// a service reads by the hundred thousand per second (an `Activity` stream).
///
/// ``WireDecoder`` tries the reader first and falls back to the `Codable` path whenever it
/// returns `nil`, so the reader need only handle well-formed input the usual way and may give
/// up on anything else (a wrong wire type, an unknown enum value, a number out of range): the
/// `Codable` path then decodes the bytes or throws the precise error. What the reader returns
/// must equal what the `Codable` path returns for the same bytes, last occurrence winning,
/// unknown fields skipped, absent fields defaulted (`Protocol/encoding.md` §4); each
/// conformance's tests hold the two paths equal, and a fuzz target compares them.
public protocol WireFastDecodable: Decodable {
    /// Reads the message from `reader`, or `nil` to leave the bytes to the `Codable` path.
    init?(wireFields reader: inout WireFieldReader)
}
