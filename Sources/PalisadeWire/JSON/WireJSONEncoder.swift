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
        try WireError.checkEncoding(T.self)
        let encoded = try WireError.wrappingErrors {
            try JSONValueEncoder(maxDepth: maxDepth).encodeValue(value, path: [], depth: 1)
        }
        guard case .object = encoded ?? .object([:]) else { throw WireError.singleValueAtTopLevel(T.self) }
        return JSONWriter.write(encoded ?? .object([:]))
    }
}
