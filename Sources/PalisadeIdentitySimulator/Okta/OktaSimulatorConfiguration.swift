import PalisadeSlackSimulator

/// Everything an `OktaSimulator` is made with: the directory it serves, the org's host name,
/// the credentials it accepts, its rate limits, the faults to inject and its clock.
///
/// ```swift
/// let configuration = OktaSimulatorConfiguration(
///     directory: SimDirectory(scenario: scenario),
///     credentials: [.apiToken("00super"), .apiToken("00reader", readOnly: true),
///                   .accessToken("eyJ-service-app", scopes: [.usersRead])],
///     clock: SimulatorClock(now: 1_790_000_000))
/// ```
public struct OktaSimulatorConfiguration: Sendable {
    /// The people, their e-mail addresses and initial statuses (disabled → `SUSPENDED`,
    /// deleted → `DEPROVISIONED` with `statusChanged` at the deletion).
    public var directory: SimDirectory
    /// The org's host name (`northwind.okta.com`): the base of `_links` and `Link` headers
    /// until ``OktaSimulatorServer`` replaces it with its own address.
    public var orgHost: String
    /// The credentials accepted from the start (more with ``OktaSimulator/addCredential(_:)``).
    public var credentials: [OktaCredential]
    /// Requests per minute per bucket; a bucket not named gets ``OktaRateBucket/defaultLimit``.
    public var rateLimits: [OktaRateBucket: Int]
    /// Faults to inject from the first request.
    public var faults: [OktaFault]
    /// Seeds request ids, error ids and probabilistic faults.
    public var seed: UInt64
    /// The simulator's "now": `Date`, `X-Rate-Limit-Reset`, the rate-limit minute and the times
    /// of status changes. Tests pass a fixed clock and advance it.
    public var clock: SimulatorClock
    /// When the org's accounts were created, Unix seconds (each user's `created` is a stable
    /// number of hours within the 90 days after).
    public var accountsCreated: Int64
    /// Users per page when a list request sends no `limit` (Okta: 200; 10 with `q`).
    public var defaultPageSize: Int
    /// The largest `limit` honoured; larger ones are lowered to it (Okta: 200).
    public var maxPageSize: Int
    /// How many API calls ``OktaSimulator/inspect()`` keeps (the oldest are dropped).
    public var maxRecordedCalls: Int

    /// Makes a configuration; by default the development API token, generous rate limits, no
    /// faults, the wall clock.
    public init(
        directory: SimDirectory, orgHost: String? = nil, credentials: [OktaCredential] = [.development],
        rateLimits: [OktaRateBucket: Int] = [:], faults: [OktaFault] = [], seed: UInt64 = 1,
        clock: SimulatorClock = .system, accountsCreated: Int64 = 1_704_067_200, defaultPageSize: Int = 200,
        maxPageSize: Int = 200, maxRecordedCalls: Int = 10_000
    ) {
        self.directory = directory
        self.orgHost = orgHost ?? Self.defaultHost(directory)
        self.credentials = credentials
        self.rateLimits = rateLimits
        self.faults = faults
        self.seed = seed
        self.clock = clock
        self.accountsCreated = accountsCreated
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.maxRecordedCalls = maxRecordedCalls
    }

    /// `<first label of the e-mail domain>.okta.com`, as an org's default Okta domain.
    static func defaultHost(_ directory: SimDirectory) -> String {
        let label = directory.domain.lowercased().prefix { $0 != "." }.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return (label.isEmpty ? "example" : label) + ".okta.com"
    }
}
