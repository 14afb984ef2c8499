import PalisadeSlackSimulator
import Synchronization

extension OktaSimulator {
    /// A snapshot of the users, their status changes, session clears, the API calls and the
    /// faults in force.
    public func inspect() -> OktaSimulatorInspection {
        state.withLock { $0.inspection }
    }

    /// The faults in force.
    public var faults: [OktaFault] {
        state.withLock { $0.faults }
    }

    /// Replaces the faults; their triggers count requests from 1 again.
    public func setFaults(_ faults: [OktaFault]) {
        state.withLock { state in
            state.faults = faults
            state.faultRequests = 0
        }
    }

    /// Refuses a token (any scheme) from now on with 401 E0000011; false when it was not accepted
    /// before.
    @discardableResult
    public func revoke(token: String) -> Bool {
        state.withLock { state in
            state.revoked.insert(token).inserted && state.credentials[token] != nil
        }
    }

    /// Accepts another credential from now on (again, if its token had been revoked).
    public func addCredential(_ credential: OktaCredential) {
        state.withLock { state in
            state.credentials[credential.value] = credential
            state.revoked.remove(credential.value)
        }
    }

    /// The base of `_links` and `Link` headers, `https://host[:port]`.
    public var orgURL: String {
        state.withLock { $0.linkBase }
    }

    /// Sets the base of links (``OktaSimulatorServer`` sets its own address when it starts).
    public func setOrgURL(_ url: String) {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        state.withLock { $0.linkBase = trimmed }
    }

    /// Changes the directory as a test (or an admin in Okta's console) would; recorded as a
    /// transition `via: "sim"`. `user` is an id or a login; returns the user's id.
    @discardableResult
    public func apply(_ change: OktaDirectoryChange, to user: String) throws(OktaSimulatorError) -> String {
        let now = configuration.clock.now()
        return try state.withLock { state throws(OktaSimulatorError) -> String in
            guard let position = state.find(user) else { throw OktaSimulatorError(.unknownUser, message: "no user '\(user)'") }
            switch change {
            case .delete:
                state.users[position].removed = true
            case .rename(let firstName, let lastName, let email, let login):
                if let login, let other = state.find(login), other != position {
                    throw OktaSimulatorError(.invalidChange, message: "the login '\(login)' belongs to \(state.users[other].id)")
                }
                if let login, login.isEmpty || login.contains("/") {
                    throw OktaSimulatorError(.invalidChange, message: "a login must be non-empty and free of '/'")
                }
                var record = state.users[position]
                record.firstName = firstName ?? record.firstName
                record.lastName = lastName ?? record.lastName
                record.email = email ?? record.email
                record.login = login ?? record.login
                if firstName != nil || lastName != nil { record.displayName = record.firstName + " " + record.lastName }
                record.lastUpdated = now
                state.users[position] = record
            default:
                if let status = change.targetStatus {
                    state.setStatus(status, at: position, now: now, requestID: nil, via: "sim")
                }
            }
            return state.users[position].id
        }
    }
}
