import PalisadeSlackSimulator
import Synchronization

/// Changes to the directory for tests (the Swift side of `POST /_sim/users/{id}/…`). Each one is
/// recorded in `inspect().changes` with `by: "sim"` and shows in the next users delta round.
/// `id` is the object id or the user principal name; each returns false when no such user exists.
extension EntraSimulator {
    /// Soft-deletes the user: gone from `/users`, in deleted items with `deletedDateTime`, and
    /// `@removed` (`reason: changed`) in delta.
    @discardableResult
    public func delete(userID id: String) -> Bool {
        change(id) { state, index, now in state.setDeleted(index, true, now: now, by: "sim") }
    }

    /// Brings a soft-deleted user back into `/users`.
    @discardableResult
    public func restore(userID id: String) -> Bool {
        change(id) { state, index, now in state.setDeleted(index, false, now: now, by: "sim") }
    }

    /// Deletes the user for good: gone from deleted items too; `@removed` (`reason: deleted`) in delta.
    @discardableResult
    public func purge(userID id: String) -> Bool {
        change(id) { state, index, now in state.purge(index, now: now, by: "sim") }
    }

    /// Blocks (false) or allows (true) sign-in: `accountEnabled`.
    @discardableResult
    public func setAccountEnabled(_ enabled: Bool, userID id: String) -> Bool {
        change(id) { state, index, now in state.setEnabled(index, enabled, now: now, by: "sim") }
    }

    /// Renames the user: any of `userPrincipalName`, `mail` and `displayName` that is given.
    @discardableResult
    public func rename(
        userID id: String, userPrincipalName: String? = nil, mail: String? = nil, displayName: String? = nil
    ) -> Bool {
        change(id) { state, index, now in
            let values = [("userPrincipalName", userPrincipalName), ("mail", mail), ("displayName", displayName)]
            for case (let property, let value?) in values { state.setText(index, property, value, now: now, by: "sim") }
        }
    }

    /// Invalidates every delta and skip token issued so far: using one answers 410 with a
    /// `Location` for a full resync.
    public func invalidateDeltaTokens() {
        state.withLock { $0.deltaGeneration += 1 }
    }

    /// Everything seen and done so far.
    public func inspect() -> EntraInspection {
        state.withLock { $0.inspection() }
    }

    private func change(_ id: String, _ body: (inout EntraState, Int, Int64) -> Void) -> Bool {
        let now = configuration.clock.now()
        return state.withLock { state in
            guard let index = state.userIndex(id) else { return false }
            body(&state, index, now)
            return true
        }
    }
}
