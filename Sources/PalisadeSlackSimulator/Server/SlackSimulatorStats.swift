/// Counters of what a `SlackSimulator` has done, for tests and the CLI.
public struct SlackSimulatorStats: Sendable, Hashable {
    /// Every request handled, on any path.
    public var requests = 0
    /// `GET /audit/v1/logs` requests (the numbering that fault triggers use).
    public var logsRequests = 0
    /// Requests refused by the rate limit (429), not counting injected 429 faults.
    public var rateLimited = 0
    /// Faults that took effect (an `invalid-cursor` on a request without a cursor does not count).
    public var faultsInjected = 0
    /// Complete `/logs` pages served with HTTP 200 (pages spoiled by a fault are not counted).
    public var pagesServed = 0
    /// Entries in those pages.
    public var entriesServed = 0

    /// All zero.
    public init() {}
}
