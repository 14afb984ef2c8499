/// Bounds applied while decoding, so hostile input costs bounded memory and stack.
public struct WireLimits: Sendable, Equatable {
    /// Largest accepted input, in bytes; 4 MiB by default, matching the transport's message limit.
    public var maxMessageSize: Int
    /// Deepest accepted nesting of messages (the top-level message is depth 1; each nested
    /// message or map entry adds one). 64 by default.
    public var maxDepth: Int

    /// Creates limits; the defaults are the values in `Protocol/README.md`.
    public init(maxMessageSize: Int = 4 * 1024 * 1024, maxDepth: Int = 64) {
        self.maxMessageSize = maxMessageSize
        self.maxDepth = maxDepth
    }
}
