extension KeyedDecodingContainer {
    /// Decodes the value for `key`, or returns `defaultValue` if the key is absent or null.
    ///
    /// Synthesised `Decodable` conformances treat every non-optional property as required, even
    /// one with a default value. Configuration types use this in a hand-written `init(from:)` so
    /// that absent keys take the defaults (see ``ConfigLoader``):
    ///
    /// ```swift
    /// maxConcurrentStreams = try container.decode(forKey: .maxConcurrentStreams, default: 100)
    /// ```
    public func decode<T: Decodable>(
        _ type: T.Type = T.self,
        forKey key: Key,
        default defaultValue: @autoclosure () -> T
    ) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? defaultValue()
    }
}
