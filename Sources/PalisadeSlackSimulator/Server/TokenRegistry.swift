import Synchronization

/// Every token, authorization code and OAuth grant the simulator knows, with their state:
/// revoked, expired, spent refresh tokens, and at most two live access tokens per grant.
final class TokenRegistry: Sendable {
    /// A token and what the simulator knows about it.
    struct Record: Sendable {
        var token: SimulatorToken
        var revoked = false
        /// The OAuth grant that issued it (nil for configured tokens).
        var grant: Int?
    }

    /// The outcome of presenting a token.
    enum Check: Sendable {
        case valid(Record)
        case unknown
        case revoked
        case expired
    }

    /// What an issued token pair looks like to the client.
    struct Issued: Sendable {
        var accessToken: String
        var refreshToken: String?
        var expiresIn: Int64?
        var scopes: [String]
        var userID: String
    }

    private struct AuthCode {
        var clientID: String
        var redirectURI: String?
        var scopes: [String]
        var expiresAt: Int64
    }

    private struct Grant {
        var scopes: [String]
        var userID: String
        var liveTokens: [String]
    }

    private struct State {
        var tokens: [String: Record] = [:]
        var codes: [String: AuthCode] = [:]
        var grants: [Grant] = []
        /// Refresh token → (grant, when it was first used).
        var refresh: [String: (grant: Int, spentAt: Int64?)] = [:]
        var random: SimRandom
        var serial = 0
    }

    /// Slack: an authorization code is valid for 10 minutes.
    static let codeLifetime: Int64 = 600
    /// Slack: at most two live access tokens per grant; older ones are revoked.
    static let liveTokensPerGrant = 2

    private let clock: SimulatorClock
    private let ownerID: String
    private let state: Mutex<State>

    init(tokens: [SimulatorToken], seed: UInt64, clock: SimulatorClock, ownerID: String) {
        self.clock = clock
        self.ownerID = ownerID
        var initial = State(random: SimRandom(seed: seed ^ 0x70_6B_65_6E))
        for token in tokens { initial.tokens[token.value] = Record(token: token) }
        state = Mutex(initial)
    }

    /// Looks a token up.
    func check(_ value: String) -> Check {
        let now = clock.now()
        return state.withLock { state in
            guard let record = state.tokens[value] else { return .unknown }
            if record.revoked { return .revoked }
            if let expiry = record.token.expiresAt, expiry <= now { return .expired }
            return .valid(record)
        }
    }

    /// Revokes a token; false when it is unknown.
    @discardableResult
    func revoke(_ value: String) -> Bool {
        state.withLock { state in
            guard state.tokens[value] != nil else { return false }
            state.tokens[value]?.revoked = true
            return true
        }
    }

    /// Adds (or replaces) a configured token.
    func add(_ token: SimulatorToken) {
        state.withLock { $0.tokens[token.value] = Record(token: token) }
    }

    /// A fresh single-use authorization code.
    func issueCode(clientID: String, redirectURI: String?, scopes: [String]) -> String {
        let expiry = clock.now() + Self.codeLifetime
        return state.withLock { state in
            state.serial += 1
            let code = "7000000001.\(7_000_000_000_000 + state.serial).\(state.random.hex(64))"
            state.codes[code] = AuthCode(clientID: clientID, redirectURI: redirectURI, scopes: scopes, expiresAt: expiry)
            return code
        }
    }

    /// Redeems a code (once) for a new grant's tokens.
    func redeem(code: String, clientID: String, redirectURI: String?, lifetime: Int64?) throws(WebAPIError) -> Issued {
        let now = clock.now()
        let result: Result<Issued, WebAPIError> = state.withLock { state in
            guard let grant = state.codes[code], grant.clientID == clientID else {
                return .failure(WebAPIError("invalid_code"))
            }
            guard grant.expiresAt > now else {
                state.codes[code] = nil
                return .failure(WebAPIError("invalid_code"))
            }
            if let sent = grant.redirectURI, sent != redirectURI {
                return .failure(WebAPIError("bad_redirect_uri"))
            }
            state.codes[code] = nil
            state.grants.append(Grant(scopes: grant.scopes, userID: ownerID, liveTokens: []))
            return .success(Self.mint(grant: state.grants.count - 1, lifetime: lifetime, now: now, in: &state))
        }
        return try result.get()
    }

    /// Swaps a refresh token for a new access and refresh token of the same grant. A spent
    /// refresh token keeps working for `grace` seconds after its first use, then never again.
    func refresh(_ token: String, lifetime: Int64, grace: Int64) throws(WebAPIError) -> Issued {
        let now = clock.now()
        let result: Result<Issued, WebAPIError> = state.withLock { state in
            guard let entry = state.refresh[token] else { return .failure(WebAPIError("invalid_refresh_token")) }
            if let spentAt = entry.spentAt, now >= spentAt + grace { return .failure(WebAPIError("invalid_refresh_token")) }
            state.refresh[token] = (entry.grant, entry.spentAt ?? now)
            return .success(Self.mint(grant: entry.grant, lifetime: lifetime, now: now, in: &state))
        }
        return try result.get()
    }

    /// Issues an access token (and, when rotating, a refresh token) for grant `index`,
    /// revoking the grant's tokens beyond the newest two.
    private static func mint(grant index: Int, lifetime: Int64?, now: Int64, in state: inout State) -> Issued {
        state.serial += 1
        let grant = state.grants[index]
        let access: String
        var refresh: String?
        if lifetime != nil {
            access = "xoxe.xoxp-1-" + state.random.hex(48)
            let refreshToken = "xoxe-1-" + state.random.hex(48)
            state.refresh[refreshToken] = (index, nil)
            refresh = refreshToken
        } else {
            access =
                "xoxp-7000000001-\(7_000_000_000 + state.serial)-\(7_000_000_000 + state.serial)-"
                + state.random.hex(32)
        }
        let token = SimulatorToken(
            access, scopes: grant.scopes, userID: grant.userID,
            expiresAt: lifetime.map { now + $0 })
        state.tokens[access] = Record(token: token, grant: index)
        state.grants[index].liveTokens.append(access)
        while state.grants[index].liveTokens.count > liveTokensPerGrant {
            let old = state.grants[index].liveTokens.removeFirst()
            state.tokens[old]?.revoked = true
        }
        return Issued(
            accessToken: access, refreshToken: refresh, expiresIn: lifetime, scopes: grant.scopes,
            userID: grant.userID)
    }
}
