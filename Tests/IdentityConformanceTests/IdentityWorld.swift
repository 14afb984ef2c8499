import Foundation
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTLS

/// A provider's side of the conformance suite: its simulator (and, for Okta, the SMTP sink)
/// served over HTTPS, the identity service as a real process configured from its
/// `deploy/*.example.yaml`, and the simulator's inspection in the suite's terms, so one test
/// body holds both services to the same answers.
protocol IdentityWorld: Sendable {
    /// `entra` or `okta`, as `UserStatus.provider` says.
    var provider: String { get }
    /// The people the simulator was seeded with.
    var people: ConformancePeople { get }
    /// The identity service's process.
    var service: ServiceProcess { get }
    /// The service's port.
    var port: Int { get }

    /// How many times the provider changed `user`'s sign-in (suspend or unsuspend).
    func signInChanges(of user: DirectoryPerson) -> Int
    /// How many times the provider revoked `user`'s sessions.
    func revocations(of user: DirectoryPerson) -> Int
    /// The notices sent to `user`: subject and text.
    func notices(to user: DirectoryPerson) -> [(subject: String, text: String)]
    /// Requests the provider's API answered (calls made).
    func providerCalls() -> Int
    /// Switches a fault on at the provider (for its next requests).
    func inject(_ fault: ConformanceFault)
    /// Switches every fault off.
    func clearFaults()
    /// The provider refuses to let the service change accounts from now on (a missing permission).
    func denyWrites()
    /// The provider's code for that refusal (`Authorization_RequestDenied`, `E0000006`).
    var deniedWriteCode: String { get }
    /// The provider stops accepting the service's credentials (an expired secret, a revoked token).
    func breakCredentials()
    /// The provider's id of `user`.
    func id(of user: DirectoryPerson) -> String
}

/// Faults both simulators can play, in the suite's terms.
enum ConformanceFault: Sendable, CustomStringConvertible {
    /// The next `count` requests are throttled (429; Graph with a fractional `Retry-After`, Okta
    /// with `X-Rate-Limit-Reset` a second ahead).
    case throttle(count: Int)
    /// The next `count` requests fail with `status` (503 or 504).
    case unavailable(count: Int, status: Int)
    /// The next `count` requests wait `milliseconds` before answering.
    case slow(count: Int, milliseconds: Int)
    /// Every request is answered with an HTML error page (a proxy, a captive portal).
    case html
    /// Every answer's JSON is cut off half way.
    case truncated
    /// Every request fails with HTTP 500 (not one the provider asks to retry; the call is).
    case failing
    /// Every transfer breaks off half way (Okta's simulator; Entra's has no such switch and
    /// answers 500 instead).
    case brokenTransfer
    /// Tokens issued so far stop working (the service must fetch or present a new one; Okta's API
    /// token cannot be renewed, so only Entra plays this).
    case expireTokens

    var description: String {
        switch self {
        case .throttle(let count): "throttle×\(count)"
        case .unavailable(let count, let status): "\(status)×\(count)"
        case .slow(let count, let milliseconds): "slow \(milliseconds) ms×\(count)"
        case .html: "html"
        case .truncated: "truncated"
        case .failing: "500"
        case .brokenTransfer: "broken transfer"
        case .expireTokens: "expire tokens"
        }
    }
}

/// The people a conformance world is seeded with: the same in both simulators.
struct ConformancePeople: Sendable {
    let directory: SimDirectory
    /// An active member (not an administrator).
    let active: DirectoryPerson
    /// Another active member, for actions that must not touch `active`.
    let other: DirectoryPerson
    /// Sign-in blocked (Entra disabled, Okta SUSPENDED).
    let disabled: DirectoryPerson
    /// Deleted (Entra deleted items, Okta DEPROVISIONED).
    let deleted: DirectoryPerson

    /// A small organisation in which the 6th person left (disabled) and the 7th was deleted.
    static func make() throws -> ConformancePeople {
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: 11, users: 30, end: 1_790_000_000, days: 7, entries: 0, incidents: false))
        let people = scenario.organization.users.prefix(scenario.organization.people).filter { !$0.isAdmin }
        guard people.count >= 8 else { throw FixtureFailure("the scenario has too few members") }
        let directory = SimDirectory(
            organization: scenario.organization, deactivated: [people[5].id: 1_789_000_000, people[6].id: 1_789_100_000])
        func person(_ user: SimUser) throws -> DirectoryPerson {
            guard let person = directory.person(slackID: user.id) else { throw FixtureFailure("no \(user.id) in the directory") }
            return person
        }
        let made = ConformancePeople(
            directory: directory, active: try person(people[0]), other: try person(people[1]), disabled: try person(people[5]),
            deleted: try person(people[6]))
        guard made.disabled.status == .disabled, case .deleted = made.deleted.status else {
            throw FixtureFailure("the seeded leavers are \(made.disabled.status) and \(made.deleted.status)")
        }
        return made
    }
}

/// A fixture that could not be set up.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A server TLS context for a simulator: `pki`'s server certificate (for `localhost`), no client certificates.
func simulatorTLS(_ pki: MeshPKI) throws -> TLSContext {
    try TLSContext(
        server: .server(
            certificateChain: .pem(pki.pki.server.certificatePEM), privateKey: .pem(pki.pki.server.privateKeyPEM),
            trustRoots: pki.trustRoots,
            clientCertificate: .none))
}

/// The repository's root (for `deploy/`).
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // IdentityConformanceTests, Tests, the file
    return url
}()

/// `deploy/<name>` with each replacement made; a replacement that finds nothing is an error, so
/// the example and the test cannot drift apart silently.
func exampleConfig(_ name: String, replacing replacements: [(String, String)]) throws -> String {
    var text = try String(contentsOf: repositoryRoot.appendingPathComponent("deploy/\(name)"), encoding: .utf8)
    for (old, new) in replacements {
        guard text.contains(old) else { throw FixtureFailure("deploy/\(name) has no '\(old)'") }
        text = text.replacingOccurrences(of: old, with: new)
    }
    return text
}
