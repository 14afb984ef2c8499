import Foundation
import Logging
import PalisadeIdentityService
import PalisadeStorage
import PalisadeWire
import ServiceLifecycle

/// Keeps `DirectoryCopy` current with Graph's delta query (identity.md §2.8): a full read the
/// first time (every `/users/delta` page to its delta link, then the deleted users), then one
/// round per interval from the stored delta link; 410 Gone means the link is dead and the next
/// round reads everything again.
final class DirectorySync: Service, Sendable {
    static let select = "id,userPrincipalName,mail,accountEnabled,displayName"

    private let graph: GraphClient
    private let copy: DirectoryCopy
    private let interval: Duration
    private let logger: Logger

    init(graph: GraphClient, copy: DirectoryCopy, interval: Duration, logger: Logger) {
        self.graph = graph
        self.copy = copy
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        var failures = 0
        while !Task.isCancelled {
            do throws(IdentityFailure) {
                try await round()
                failures = 0
            } catch {
                failures += 1
                logger.warning(
                    "directory sync failed; GetUserStatus answers from Graph or the last copy until it works",
                    metadata: [
                        "reason": "\(error.message)", "status": "\(error.status.name)",
                        "providerRequestID": "\(error.providerRequestID ?? "")",
                        "failures": "\(failures)",
                    ])
            }
            // After failures, wait longer (up to 8 intervals) so a broken tenant is not hammered.
            try? await Task.sleep(for: interval * min(8, 1 << min(failures, 3)))
        }
    }

    /// One round: incremental from the stored link, or a full read.
    func round() async throws(IdentityFailure) {
        if let link = copy.deltaLink {
            try await incremental(from: link)
        } else {
            try await full()
        }
    }

    private func full() async throws(IdentityFailure) {
        let started = Date()
        var entries: [String: DirectoryCopy.Entry] = [:]
        var next = "/users/delta?$select=\(Self.select)"
        var deltaLink: String?
        while deltaLink == nil {
            let page = try await graph.call("GET", next).decode(GraphPage.self, what: "a delta page")
            for user in page.value where user.removed == nil { entries[user.id] = Self.entry(user, deleted: nil) }
            for user in page.value where user.removed != nil { entries[user.id] = nil }
            deltaLink = page.deltaLink
            guard deltaLink != nil || page.nextLink != nil else {
                throw IdentityFailure(.unavailable, "a delta page had neither @odata.nextLink nor @odata.deltaLink")
            }
            next = page.nextLink ?? next
        }
        var deletedNext: String? = "/directory/deletedItems/microsoft.graph.user?$select=\(Self.select),deletedDateTime&$top=999"
        while let link = deletedNext {
            let page = try await graph.call("GET", link).decode(GraphPage.self, what: "the deleted users")
            for user in page.value {
                entries[user.id] = Self.entry(user, deleted: user.deletedDateTime.flatMap(ProviderDate.parse) ?? started)
            }
            deletedNext = page.nextLink
        }
        guard let deltaLink else { return }
        try store(changed: Array(entries.values), removed: [], deltaLink: deltaLink, at: started, replacing: true)
        logger.info(
            "directory read in full", metadata: ["users": "\(entries.count)", "seconds": "\(Int(Date().timeIntervalSince(started)))"])
    }

    private func incremental(from link: String) async throws(IdentityFailure) {
        let started = Date()
        var changed: [String: DirectoryCopy.Entry] = [:]
        var removed: [String] = []
        var next = link
        while true {
            let answer = try await graph.call("GET", next, passing: [410])
            if answer.status == 410 {
                logger.notice(
                    "Graph dropped the delta link (410 Gone); reading the directory again",
                    metadata: ["providerRequestID": "\(answer.requestID)"])
                copy.forgetDeltaLink()
                try await full()
                return
            }
            let page = try answer.decode(GraphPage.self, what: "a delta page")
            for user in page.value {
                switch user.removed?.reason {
                case nil:
                    changed[user.id] = Self.merge(user, into: changed[user.id] ?? copy.entry(id: user.id))
                    removed.removeAll { $0 == user.id }
                case "deleted":
                    // Deleted for good: Graph will never answer for them again.
                    changed[user.id] = nil
                    removed.append(user.id)
                default:
                    // "changed": soft-deleted, restorable for 30 days, listed in deleted items.
                    if var entry = changed[user.id] ?? copy.entry(id: user.id) {
                        entry.deleted = entry.deleted ?? started
                        entry.enabled = false
                        changed[user.id] = entry
                    }
                }
            }
            if let deltaLink = page.deltaLink {
                try store(changed: Array(changed.values), removed: removed, deltaLink: deltaLink, at: started, replacing: false)
                if !changed.isEmpty || !removed.isEmpty {
                    logger.info("directory changes applied", metadata: ["changed": "\(changed.count)", "removed": "\(removed.count)"])
                }
                return
            }
            guard let link = page.nextLink else {
                throw IdentityFailure(.unavailable, "a delta page had neither @odata.nextLink nor @odata.deltaLink")
            }
            next = link
        }
    }

    private func store(changed: [DirectoryCopy.Entry], removed: [String], deltaLink: String, at time: Date, replacing: Bool)
        throws(IdentityFailure)
    {
        do {
            try copy.apply(changed: changed, removed: removed, deltaLink: deltaLink, at: time, replacing: replacing)
        } catch {
            throw IdentityFailure(.unavailable, "cannot store the directory copy: \(error.message)")
        }
    }

    static func entry(_ user: GraphUser, deleted: Date?) -> DirectoryCopy.Entry {
        DirectoryCopy.Entry(
            id: user.id, upn: user.userPrincipalName ?? "", mail: user.mail ?? "", displayName: user.displayName ?? "",
            enabled: deleted == nil && (user.accountEnabled ?? true), deleted: deleted)
    }

    /// A delta item over what was known: with `Prefer: return=minimal` only changed properties
    /// come, so absent ones keep their values. A user in delta is not deleted (restored ones reappear).
    static func merge(_ user: GraphUser, into old: DirectoryCopy.Entry?) -> DirectoryCopy.Entry {
        DirectoryCopy.Entry(
            id: user.id, upn: user.userPrincipalName ?? old?.upn ?? "", mail: user.mail ?? old?.mail ?? "",
            displayName: user.displayName ?? old?.displayName ?? "", enabled: user.accountEnabled ?? old?.enabled ?? true, deleted: nil)
    }
}
