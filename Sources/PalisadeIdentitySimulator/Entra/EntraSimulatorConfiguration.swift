import PalisadeSlackSimulator

/// Everything an `EntraSimulator` is made with: the tenant, its people, the registered apps,
/// token lifetime, clock, faults and paging sizes.
///
/// ```swift
/// let directory = SimDirectory(scenario: scenario)
/// var configuration = EntraSimulatorConfiguration(directory: directory, apps: [.development])
/// configuration.accessTokenLifetime = 60
/// let simulator = EntraSimulator(configuration: configuration)
/// ```
public struct EntraSimulatorConfiguration: Sendable {
    /// The tenant id (a GUID): the `{tenant}` of token URLs, with ``tenantDomain``.
    public var tenantID: String
    /// The tenant's verified domain, also accepted as `{tenant}`.
    public var tenantDomain: String
    /// The people.
    public var directory: SimDirectory
    /// The registered apps.
    public var apps: [EntraApp]
    /// Mailboxes that are nobody's account but may send mail (`palisade-alerts@<domain>`).
    public var sharedMailboxes: [String]
    /// Lifetime of issued access tokens, seconds (`expires_in`).
    public var accessTokenLifetime: Int64
    /// The simulator's "now" (token and delta-token expiry, timestamps); tests move it.
    public var clock: SimulatorClock
    /// Faults to inject from the start.
    public var faults: [EntraFault]
    /// Seeds request ids, tokens and probabilistic faults.
    public var seed: UInt64
    /// Users per page of `/users` and deleted items when no `$top` is given (Graph: 100).
    public var pageSize: Int
    /// Users per page of `/users/delta`.
    public var deltaPageSize: Int
    /// How many calls ``EntraSimulator/inspect()`` keeps (the oldest are dropped).
    public var maxRecordedCalls: Int

    /// Makes a configuration; the tenant id is derived from the directory's domain unless given.
    public init(
        directory: SimDirectory, tenantID: String? = nil, tenantDomain: String? = nil, apps: [EntraApp] = [.development],
        sharedMailboxes: [String]? = nil, accessTokenLifetime: Int64 = 3599, clock: SimulatorClock = .system,
        faults: [EntraFault] = [], seed: UInt64 = 1, pageSize: Int = 100, deltaPageSize: Int = 100,
        maxRecordedCalls: Int = 10_000
    ) {
        self.tenantID = tenantID ?? StableHash("tenant/" + directory.domain).guid
        self.tenantDomain = tenantDomain ?? directory.domain
        self.directory = directory
        self.apps = apps
        self.sharedMailboxes = sharedMailboxes ?? ["palisade-alerts@" + directory.domain]
        self.accessTokenLifetime = accessTokenLifetime
        self.clock = clock
        self.faults = faults
        self.seed = seed
        self.pageSize = pageSize
        self.deltaPageSize = deltaPageSize
        self.maxRecordedCalls = maxRecordedCalls
    }
}
