/// A message with a hand-written writer beside its `Codable` conformance, for the few messages a
/// service answers by the ten thousand per second (`GetUserStatus` from a directory copy).
///
/// ``WireEncoder`` asks the writer first and falls back to the `Codable` path whenever it returns
/// `nil`, so the writer need only handle values the usual way (a timestamp out of range may give
/// up, and the `Codable` path then throws the precise error). What it returns must be, byte for
/// byte, the `Codable` path's canonical encoding (`Protocol/encoding.md` §4): fields in ascending
/// order, defaults left out, present optionals written. Each conformance's tests hold the two
/// equal. ``WireSplicing`` writes the fields.
public protocol WireFastEncodable: Encodable {
    /// The message's canonical encoding, or `nil` to leave it to the `Codable` path.
    func wireBytes() -> [UInt8]?
}
