import Foundation
import Logging
import PalisadeIdentityService
import PalisadeMessages
import ServiceLifecycle

/// The identity provider behind `palisade-identity`: Microsoft Entra ID through Graph
/// (identity.md §2). Statuses come from the directory copy once it has been read (Graph until
/// then); actions always look the user up in Graph first.
final class EntraProvider: IdentityProvider {
    let graph: GraphClient
    let copy: DirectoryCopy
    let sync: DirectorySync
    let tenant: String
    let sender: String?

    init(graph: GraphClient, copy: DirectoryCopy, sync: DirectorySync, tenant: String, sender: String?) {
        self.graph = graph
        self.copy = copy
        self.sync = sync
        self.tenant = tenant
        self.sender = sender
    }

    var capabilities: IdentityCapabilities {
        IdentityCapabilities(
            provider: "entra", actions: (sender == nil ? [] : [.notifyUser]) + [.requireSignIn, .suspendUser, .unsuspendUser],
            notifyChannel: sender.map { "graph sendMail as \($0)" } ?? "", tenant: tenant)
    }

    var services: [any Service] { [sync] }

    /// How long a status call waits for the copy's first read before asking Graph instead.
    static let firstReadWait = Duration.seconds(5)

    func renderMetrics() -> String {
        let age = copy.syncedAt.map { Int(Date().timeIntervalSince($0)) } ?? -1
        return """
            # TYPE palisade_identity_directory_users gauge
            palisade_identity_directory_users \(copy.count)
            # TYPE palisade_identity_directory_age_seconds gauge
            palisade_identity_directory_age_seconds \(age)
            """
    }

    // MARK: Status

    func status(of key: UserKey) async throws(IdentityFailure) -> UserStatus {
        // Just after the first start the copy is being read (a second or two for thousands of
        // users): wait for it a little, since Graph alone cannot tell a deleted user by address.
        var (confirmed, entries) = copy.lookup((key.providerID, key.email))
        var waited = Duration.zero
        while confirmed == nil, waited < Self.firstReadWait {
            try? await Task.sleep(for: .milliseconds(50))
            waited += .milliseconds(50)
            (confirmed, entries) = copy.lookup((key.providerID, key.email))
        }
        guard let syncedAt = confirmed else { return try await liveStatus(key) }
        let entry = key.providerID.isEmpty ? try Self.pick(entries, address: key.email) : entries.first
        guard let entry else { return UserStatus(state: .notFound, provider: "entra", asOf: syncedAt) }
        return UserStatus(
            state: entry.deleted != nil ? .deleted : entry.enabled ? .active : .disabled, providerID: entry.id,
            displayName: entry.displayName,
            email: entry.address, provider: "entra", deleted: entry.deleted, asOf: syncedAt)
    }

    /// One user for an address: the one not deleted when there is one (a re-hired person keeps
    /// the address of their deleted old account), else the last deleted; two live ones are ambiguous.
    static func pick(_ entries: [DirectoryCopy.Entry], address: String) throws(IdentityFailure) -> DirectoryCopy.Entry? {
        let live = entries.filter { $0.deleted == nil }
        guard live.count <= 1 else {
            throw IdentityFailure(.ambiguous, "\(live.count) users in Entra ID have the address \(address); name one by providerID")
        }
        return live.first ?? entries.max { ($0.deleted ?? .distantPast) < ($1.deleted ?? .distantPast) }
    }

    private func liveStatus(_ key: UserKey) async throws(IdentityFailure) -> UserStatus {
        do {
            let user = try await user(key)
            return UserStatus(
                state: user.state, providerID: user.id, displayName: user.displayName, email: user.email, provider: "entra",
                deleted: user.deleted,
                asOf: Date())
        } catch  where error.kind == .notFound {
            return UserStatus(state: .notFound, provider: "entra", asOf: Date())
        }
    }

    // MARK: Users

    func user(_ key: UserKey) async throws(IdentityFailure) -> ProviderUser {
        let select = "$select=\(DirectorySync.select)"
        if !key.providerID.isEmpty {
            do {
                let found = try await graph.call("GET", "/users/\(URLEscaping.segment(key.providerID))?\(select)").decode(
                    GraphUser.self, what: "a user")
                return Self.user(found)
            } catch  where error.kind == .notFound {
                if let gone = copy.entry(id: key.providerID), gone.deleted != nil { return Self.user(gone) }
                throw error
            }
        }
        let literal = key.email.replacingOccurrences(of: "'", with: "''")
        let filter = URLEscaping.value("mail eq '\(literal)' or userPrincipalName eq '\(literal)'")
        let page = try await graph.call("GET", "/users?$filter=\(filter)&\(select)").decode(GraphPage.self, what: "a user search")
        switch page.value.count {
        case 0:
            // Deleted users are not in /users; the copy remembers them from deleted items.
            if let gone = try Self.pick(copy.entries(address: key.email), address: key.email), gone.deleted != nil {
                return Self.user(gone)
            }
            throw IdentityFailure(.notFound, "Entra ID has no user with the address \(key.email)")
        case 1:
            return Self.user(page.value[0])
        default:
            throw IdentityFailure(.ambiguous, "\(page.value.count) users in Entra ID have the address \(key.email); name one by providerID")
        }
    }

    static func user(_ found: GraphUser) -> ProviderUser {
        ProviderUser(
            id: found.id, email: found.address, displayName: found.displayName ?? "",
            state: found.accountEnabled == false ? .disabled : .active)
    }

    static func user(_ entry: DirectoryCopy.Entry) -> ProviderUser {
        ProviderUser(id: entry.id, email: entry.address, displayName: entry.displayName, state: .deleted, deleted: entry.deleted)
    }

    // MARK: Actions

    func perform(_ action: IdentityAction, on user: ProviderUser, notice: PreparedNotice?) async throws(IdentityFailure) -> ProviderOutcome
    {
        let path = "/users/\(URLEscaping.segment(user.id))"
        switch action {
        case .suspendUser, .unsuspendUser:
            let enable = action == .unsuspendUser
            if (user.state == .active) == enable {
                return ProviderOutcome(
                    outcome: .alreadyDone, requestID: "",
                    detail: "\(user.email) was already \(enable ? "allowed to sign in" : "blocked from signing in")")
            }
            let answer = try await graph.call("PATCH", path, json: Array(#"{"accountEnabled":\#(enable)}"#.utf8))
            return ProviderOutcome(
                outcome: .applied, requestID: answer.requestID,
                detail: enable ? "\(user.email) may sign in again" : "\(user.email) is blocked from signing in")
        case .requireSignIn:
            let answer = try await graph.call("POST", "\(path)/revokeSignInSessions")
            return ProviderOutcome(
                outcome: .applied, requestID: answer.requestID,
                detail: "\(user.email)'s sessions and refresh tokens are revoked; every app asks them to sign in again")
        case .notifyUser:
            guard let sender, let notice else {
                throw IdentityFailure(.refused, "notices are off: set entra.senderMailbox to a mailbox the app may send from (Mail.Send)")
            }
            let answer = try await graph.call(
                "POST", "/users/\(URLEscaping.segment(sender))/sendMail", json: try Self.mail(notice, to: user))
            return ProviderOutcome(
                outcome: .applied, requestID: answer.requestID, detail: "a notice was sent to \(user.email) from \(sender)")
        case .unspecified:
            throw IdentityFailure(.invalid, "no action named")
        }
    }

    /// The `sendMail` body (identity.md §2.5): plain text, not kept in Sent Items, with the
    /// action's key and Message-ID in `x-` headers so a resent notice is recognisable.
    static func mail(_ notice: PreparedNotice, to user: ProviderUser) throws(IdentityFailure) -> [UInt8] {
        struct Address: Encodable { let address: String }
        struct Recipient: Encodable { let emailAddress: Address }
        struct Body: Encodable { let contentType: String, content: String }
        struct Header: Encodable { let name: String, value: String }
        struct Message: Encodable { let subject: String, body: Body, toRecipients: [Recipient], internetMessageHeaders: [Header] }
        struct SendMail: Encodable { let message: Message, saveToSentItems: Bool }
        let mail = SendMail(
            message: Message(
                subject: notice.subject, body: Body(contentType: "Text", content: notice.text),
                toRecipients: [Recipient(emailAddress: Address(address: user.email))],
                internetMessageHeaders: [
                    Header(name: "x-palisade-action", value: notice.idempotencyKey),
                    Header(name: "x-palisade-message-id", value: notice.messageID),
                ]),
            saveToSentItems: false)
        do {
            return Array(try JSONEncoder().encode(mail))
        } catch {
            throw IdentityFailure(.invalid, "cannot write the notice as JSON: \(error)")
        }
    }
}
