/// Encodes `Codable` messages as JSON for the `application/json` mapping.
///
/// One compact object per message with keys sorted, so output is stable: field names are the
/// `CodingKeys` names; every non-`nil` field is written, defaults included (readable for
/// scripts); 64-bit integers are plain numbers; `Data` is base64; `Date` is RFC 3339 in UTC with
/// six fractional digits; enums are their integer raw value; maps are objects.
///
/// ```swift
/// let json = try WireJSONEncoder().encode(HealthCheckResponse(status: .serving))   // {"status":1}
/// ```
public struct WireJSONEncoder: Sendable {
    /// Nesting beyond this is refused, matching ``WireLimits/maxDepth``.
    public var maxDepth: Int

    /// Creates an encoder.
    public init(maxDepth: Int = WireLimits().maxDepth) {
        self.maxDepth = maxDepth
    }

    /// Encodes a message as one JSON object (UTF-8, no trailing newline).
    public func encode<T: Encodable>(_ value: T) throws(WireError) -> [UInt8] {
        guard WireKind.of(T.self) == .other else {
            throw WireError(
                code: .unsupportedType,
                message: "top-level value of type \(T.self) is not a message; wrap it in a struct with CodingKeys")
        }
        let encoded: JSONValue?
        do {
            encoded = try JSONValueEncoder(maxDepth: maxDepth).encodeValue(value, path: [], depth: 1)
        } catch {
            throw WireError.wrapping(error, path: [])
        }
        guard case .object = encoded ?? .object([:]) else {
            throw WireError(
                code: .unsupportedType,
                message: "top-level value of type \(T.self) encoded as a single value, not a message; give it CodingKeys")
        }
        return JSONWriter.write(encoded ?? .object([:]))
    }
}
