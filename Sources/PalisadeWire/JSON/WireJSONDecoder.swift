/// Decodes the JSON mapping of a message, with the binary decoder's compatibility rules.
///
/// Unlike Foundation's `JSONDecoder`, an absent (or `null`) key takes its default, so a
/// caller may omit fields exactly as in the binary format. Unknown keys are ignored; integers
/// are accepted as numbers or numeric strings, exactly up to the full 64-bit range; invalid
/// JSON throws a ``WireError`` with its line and column.
///
/// ```swift
/// let request = try WireJSONDecoder().decode(HealthCheckRequest.self, from: Array("{}".utf8))
/// ```
public struct WireJSONDecoder: Sendable {
    /// The bounds applied to every input; JSON arrays and objects may nest twice as deep as
    /// messages, since every list and map adds a level.
    public var limits: WireLimits

    /// Creates a decoder with the given limits.
    public init(limits: WireLimits = .init()) {
        self.limits = limits
    }

    /// Decodes one message from a JSON object.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(WireError) -> T {
        try WireError.checkDecoding(T.self, count: bytes.count, limits: limits, input: "JSON message")
        let json = try JSONParser.parse(Array(bytes), maxNesting: limits.maxDepth * 2 + 1)
        guard case .object = json else {
            throw WireError(code: .typeMismatch, message: "top-level message: expected a JSON object, got \(json.typeName)")
        }
        return try WireError.wrappingErrors {
            try JSONValueDecoder(maxDepth: limits.maxDepth).decodeValue(T.self, from: json, path: [], depth: 1)
        }
    }
}
