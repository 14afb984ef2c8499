import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

/// The faults that hit one request, decided before it is answered.
struct EntraFaultPlan: Sendable {
    var delay: Duration?
    var expireTokens = false
    /// 429: nil = not throttled; `.some(nil)` = throttled without `Retry-After`; else its milliseconds.
    var throttled: Int64??
    var serverError: Int?
    var htmlStatus: Int?
    var truncated = false
    /// The fired faults in the `--fault` grammar, for the call record; nil when none fired.
    var description: String?
}

extension EntraSimulator {
    /// Numbers the request in its scope and decides which faults fire.
    func faultPlan(for route: EntraRoute) -> EntraFaultPlan {
        guard let scope = route.faultScope else { return EntraFaultPlan() }
        let seed = configuration.seed
        return state.withLock { state in
            if scope == .graph { state.graphRequests += 1 } else { state.tokenRequests += 1 }
            let numbers: [EntraFault.Scope: Int] = [
                .graph: state.graphRequests, .token: state.tokenRequests,
                .all: state.graphRequests + state.tokenRequests,
            ]
            var plan = EntraFaultPlan()
            var fired: [String] = []
            for (index, fault) in state.faults.enumerated() where fault.scope == .all || fault.scope == scope {
                guard let number = numbers[fault.scope], fault.trigger.fires(onRequest: number, seed: seed, index: index)
                else { continue }
                fired.append(fault.description)
                switch fault.kind {
                case .slow(let duration): plan.delay = max(plan.delay ?? .zero, duration)
                case .expireTokens: plan.expireTokens = true
                case .throttled(let ms): if plan.throttled == nil { plan.throttled = .some(ms) }
                case .serverError(let status): plan.serverError = plan.serverError ?? status
                case .htmlPage(let status): plan.htmlStatus = plan.htmlStatus ?? status
                case .truncated: plan.truncated = true
                }
            }
            plan.description = fired.isEmpty ? nil : fired.joined(separator: ",")
            return plan
        }
    }

    /// Replaces the request faults; request numbering carries on.
    public func setFaults(_ faults: [EntraFault]) {
        state.withLock { $0.faults = faults }
    }

    /// The request faults in force.
    public var faults: [EntraFault] { state.withLock { $0.faults } }

    /// Expires every access token issued so far, now: the next Graph call with one gets 401.
    public func expireAllTokens() {
        let now = configuration.clock.now()
        state.withLock { $0.expireTokens(now: now) }
    }

    /// Makes every secret of the app expire now (the token endpoint then answers AADSTS7000222);
    /// false for an unknown app.
    @discardableResult
    public func expireSecrets(clientID: String) -> Bool {
        let now = configuration.clock.now()
        return state.withLock { state in
            guard var app = state.apps[clientID.lowercased()] else { return false }
            for index in app.secrets.indices { app.secrets[index].expires = min(app.secrets[index].expires ?? now, now) }
            state.apps[clientID.lowercased()] = app
            return true
        }
    }

    /// Takes an app role away (or grants it, with `granted: true`) from now on: Graph checks the
    /// app's roles at every call, so tokens already issued are affected too (real tokens carry
    /// their roles until they expire; a test wants the change now). False for an unknown app.
    @discardableResult
    public func setRole(_ role: String, granted: Bool, clientID: String) -> Bool {
        state.withLock { state in
            guard state.apps[clientID.lowercased()] != nil else { return false }
            if granted {
                state.apps[clientID.lowercased()]?.roles.insert(role)
            } else {
                state.apps[clientID.lowercased()]?.roles.remove(role)
            }
            return true
        }
    }

    /// Gives or takes the privileged admin role that lets the app disable administrators.
    @discardableResult
    public func setPrivilegedAdmin(_ privileged: Bool, clientID: String) -> Bool {
        state.withLock { state in
            guard state.apps[clientID.lowercased()] != nil else { return false }
            state.apps[clientID.lowercased()]?.isPrivilegedAdmin = privileged
            return true
        }
    }

    /// The app as it is now (roles and secrets may have changed since the configuration).
    public func app(clientID: String) -> EntraApp? {
        state.withLock { $0.apps[clientID.lowercased()] }
    }
}
