import Foundation
import GRDB
import PalisadeMessages
import PalisadeStorage
import PalisadeWire

/// The identity service's action log (its SQLite database): one row per idempotency key, so a
/// repeated key is answered from here, also after a restart, without asking the provider again.
///
/// A row is written `pending` before the provider is asked and becomes `done` (with the result)
/// or `failed` (with a final error) in one commit once it answered. A row still `pending` when a
/// call with its key arrives belongs to an attempt that failed retryably or whose process died:
/// the new call asks the provider again (`Protocol/identity.md`, "Actions and idempotency").
public final class ActionLog: Sendable {
    /// What a call with a key finds.
    public enum Claim: Sendable, Equatable {
        /// Nobody finished this action: ask the provider (this is attempt number `attempt`).
        case proceed(attempt: Int)
        /// Done before: this is its answer.
        case done(UserActionResult)
        /// Failed for good before: this is its error.
        case failed(RPCError)
        /// The key names another action or user.
        case conflict(action: IdentityAction, subject: String)
    }

    /// The database.
    public let database: ServiceDatabase

    static let migrations = [
        Migration("v1-actions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE actions (
                        key TEXT PRIMARY KEY,
                        action INTEGER NOT NULL,
                        subject TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        caller TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
                        attempts INTEGER NOT NULL,
                        result BLOB,
                        error_code INTEGER,
                        error_message TEXT,
                        error_details TEXT,
                        started INTEGER NOT NULL,
                        finished INTEGER
                    ) WITHOUT ROWID
                    """)
            // Sealed provider credentials (the Entra client secret), by name.
            try db.execute(
                sql: "CREATE TABLE secrets (name TEXT PRIMARY KEY, sealed BLOB NOT NULL, updated INTEGER NOT NULL) WITHOUT ROWID")
        }
    ]

    /// Opens (or creates) the log at `path`; `providerMigrations` create the provider's own
    /// tables in the same file (the Entra service's directory copy), after the log's.
    public init(path: String, providerMigrations: [Migration] = []) throws(StorageError) {
        database = try ServiceDatabase(path: path, migrations: Self.migrations + providerMigrations)
    }

    /// Claims `key` for an attempt of `action` on `subject`, or reports what it already holds.
    public func claim(
        key: String, action: IdentityAction, subject: String, reason: String, caller: String, now: Date
    ) async throws(StorageError) -> Claim {
        try await database.write { db -> Claim in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM actions WHERE key = ?", arguments: [key]) else {
                try db.execute(
                    sql: """
                        INSERT INTO actions (key, action, subject, reason, caller, state, attempts, started)
                        VALUES (?, ?, ?, ?, ?, 'pending', 1, ?)
                        """,
                    arguments: [key, action.rawValue, subject, reason, caller, Self.micros(now)])
                return .proceed(attempt: 1)
            }
            let storedAction = IdentityAction(rawValue: row["action"]) ?? .unspecified
            let storedSubject: String = row["subject"]
            guard storedAction == action, storedSubject == subject else {
                return .conflict(action: storedAction, subject: storedSubject)
            }
            switch row["state"] as String {
            case "done":
                let bytes: Data = row["result"]
                return .done(try WireDecoder().decode(UserActionResult.self, from: Array(bytes)))
            case "failed":
                let details = (row["error_details"] as String?).map(ErrorDetailsText.decode) ?? [:]
                return .failed(RPCError(StatusCode(rawValue: row["error_code"]), row["error_message"], details: details))
            default:
                let attempt = (row["attempts"] as Int) + 1
                try db.execute(sql: "UPDATE actions SET attempts = ? WHERE key = ?", arguments: [attempt, key])
                return .proceed(attempt: attempt)
            }
        }
    }

    /// Records the action's result; later calls with the key get it.
    public func complete(key: String, result: UserActionResult) async throws(StorageError) {
        let bytes = try Self.encode(result)
        try await database.write { db in
            try db.execute(
                sql:
                    "UPDATE actions SET state = 'done', result = ?, error_code = NULL, error_message = NULL, error_details = NULL, finished = ? WHERE key = ?",
                arguments: [Data(bytes), Self.micros(result.completed), key])
        }
    }

    /// Records a failure: final ones answer later calls with the key; retryable ones leave the
    /// action pending and are kept only as its last error.
    public func record(key: String, failure: IdentityFailure, now: Date) async throws(StorageError) {
        let error = failure.rpcError
        let state = failure.isFinal ? "failed" : "pending"
        try await database.write { db in
            try db.execute(
                sql: "UPDATE actions SET state = ?, error_code = ?, error_message = ?, error_details = ?, finished = ? WHERE key = ?",
                arguments: [
                    state, error.code.rawValue, error.message, ErrorDetailsText.encode(error.details),
                    failure.isFinal ? Self.micros(now) : nil, key,
                ])
        }
    }

    /// How many actions are in each state (for metrics).
    public func counts() throws(StorageError) -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM actions GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            return counts
        }
    }

    /// Stores a sealed credential under `name`, replacing the one before.
    public func storeSecret(name: String, sealed: [UInt8], now: Date) throws(StorageError) {
        try database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO secrets (name, sealed, updated) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated = excluded.updated",
                arguments: [name, Data(sealed), Self.micros(now)])
        }
    }

    /// The sealed credential stored under `name`, if any.
    public func secret(name: String) throws(StorageError) -> [UInt8]? {
        try database.read { db in
            (try Data.fetchOne(db, sql: "SELECT sealed FROM secrets WHERE name = ?", arguments: [name])).map { Array($0) }
        }
    }

    /// Closes the database.
    public func close() { try? database.close() }

    private static func encode(_ result: UserActionResult) throws(StorageError) -> [UInt8] {
        do {
            return try WireEncoder().encode(result)
        } catch {
            throw StorageError(code: .aborted, message: "cannot encode an action's result: \(error)")
        }
    }

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
