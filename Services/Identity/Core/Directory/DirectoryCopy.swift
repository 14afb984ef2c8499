import Foundation
import GRDB
import PalisadeMessages
import PalisadeStorage
import Synchronization

/// The Entra service's copy of the directory: every user with the fields `GetUserStatus`
/// answers from, in memory (a lookup is a lock and two dictionary reads: microseconds) and in
/// SQLite (so a restart resumes from the stored delta link instead of reading the whole
/// directory again). `DirectorySync` keeps it current.
final class DirectoryCopy: Sendable {
    /// One user as the copy holds them.
    struct Entry: Sendable, Equatable {
        var id: String
        var upn: String
        var mail: String
        var displayName: String
        var enabled: Bool
        /// When the user was deleted (they are in deleted items), else nil.
        var deleted: Date?

        var address: String { mail.isEmpty ? upn : mail }
    }

    private struct Snapshot {
        var byID: [String: Entry] = [:]
        var byAddress: [String: [String]] = [:]
        var syncedAt: Date?
        var deltaLink: String?
    }

    static let migrations = [
        Migration("v1-entra-directory") { db in
            try db.execute(
                sql: """
                    CREATE TABLE directory_users (
                        id TEXT PRIMARY KEY, upn TEXT NOT NULL, mail TEXT NOT NULL, display_name TEXT NOT NULL,
                        enabled INTEGER NOT NULL, deleted INTEGER
                    ) WITHOUT ROWID;
                    CREATE TABLE directory_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    """)
        }
    ]

    private let database: ServiceDatabase
    private let snapshot = Mutex(Snapshot())

    /// Loads the stored copy from `database` (empty on first start).
    init(database: ServiceDatabase) throws(StorageError) {
        self.database = database
        let loaded = try database.read { db -> Snapshot in
            var snapshot = Snapshot()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM directory_users") {
                let deleted = (row["deleted"] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
                Self.insert(
                    Entry(
                        id: row["id"], upn: row["upn"], mail: row["mail"], displayName: row["display_name"], enabled: row["enabled"],
                        deleted: deleted),
                    into: &snapshot)
            }
            let state = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, value FROM directory_state").map {
                    ($0["name"] as String, $0["value"] as String)
                })
            snapshot.deltaLink = state["deltaLink"]
            snapshot.syncedAt = state["syncedAt"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
            return snapshot
        }
        snapshot.withLock { $0 = loaded }
    }

    /// Whether a full read of the directory has completed (before that, answers come from Graph).
    var isReady: Bool { snapshot.withLock { $0.syncedAt != nil && $0.deltaLink != nil } }
    /// When Graph last confirmed the copy.
    var syncedAt: Date? { snapshot.withLock { $0.syncedAt } }
    /// The link of the next delta round.
    var deltaLink: String? { snapshot.withLock { $0.deltaLink } }
    /// Users held (deleted ones included).
    var count: Int { snapshot.withLock { $0.byID.count } }

    /// What a status call needs, under one lock: when the copy was confirmed (nil until its first
    /// full read) and the users `key` names (by id, else by address).
    func lookup(_ key: (id: String, address: String)) -> (syncedAt: Date?, entries: [Entry]) {
        snapshot.withLock { snapshot in
            guard snapshot.deltaLink != nil, let syncedAt = snapshot.syncedAt else { return (nil, []) }
            if !key.id.isEmpty { return (syncedAt, snapshot.byID[key.id].map { [$0] } ?? []) }
            return (syncedAt, (snapshot.byAddress[key.address.lowercased()] ?? []).compactMap { snapshot.byID[$0] })
        }
    }

    /// The user with this id.
    func entry(id: String) -> Entry? { snapshot.withLock { $0.byID[id] } }

    /// The users whose mail or user principal name is `address` (any case).
    func entries(address: String) -> [Entry] {
        snapshot.withLock { snapshot in (snapshot.byAddress[address.lowercased()] ?? []).compactMap { snapshot.byID[$0] } }
    }

    /// Applies one sync round: `changed` users written, `removed` ids forgotten, the delta link
    /// and time stored; with `replacing`, everything not in `changed` is forgotten first (a full
    /// read). Memory and SQLite change together; a failed write leaves both as they were.
    func apply(changed: [Entry], removed: [String], deltaLink: String, at time: Date, replacing: Bool) throws(StorageError) {
        try database.write { db in
            if replacing { try db.execute(sql: "DELETE FROM directory_users") }
            for entry in changed {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO directory_users (id, upn, mail, display_name, enabled, deleted) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        entry.id, entry.upn, entry.mail, entry.displayName, entry.enabled,
                        entry.deleted.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) },
                    ])
            }
            for id in removed { try db.execute(sql: "DELETE FROM directory_users WHERE id = ?", arguments: [id]) }
            try db.execute(
                sql: "INSERT OR REPLACE INTO directory_state (name, value) VALUES ('deltaLink', ?), ('syncedAt', ?)",
                arguments: [deltaLink, String(time.timeIntervalSince1970)])
        }
        snapshot.withLock { snapshot in
            if replacing { snapshot = Snapshot() }
            for id in removed { Self.remove(id, from: &snapshot) }
            for entry in changed {
                Self.remove(entry.id, from: &snapshot)
                Self.insert(entry, into: &snapshot)
            }
            snapshot.deltaLink = deltaLink
            snapshot.syncedAt = time
        }
    }

    /// Forgets the delta link, so the next round reads the whole directory (Graph's 410).
    func forgetDeltaLink() {
        snapshot.withLock { $0.deltaLink = nil }
    }

    private static func insert(_ entry: Entry, into snapshot: inout Snapshot) {
        snapshot.byID[entry.id] = entry
        for address in Set([entry.mail.lowercased(), entry.upn.lowercased()]) where !address.isEmpty {
            snapshot.byAddress[address, default: []].append(entry.id)
        }
    }

    private static func remove(_ id: String, from snapshot: inout Snapshot) {
        guard let old = snapshot.byID.removeValue(forKey: id) else { return }
        for address in Set([old.mail.lowercased(), old.upn.lowercased()]) where !address.isEmpty {
            snapshot.byAddress[address]?.removeAll { $0 == id }
            if snapshot.byAddress[address]?.isEmpty == true { snapshot.byAddress[address] = nil }
        }
    }
}
