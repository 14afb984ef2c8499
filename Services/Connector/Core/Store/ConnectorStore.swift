import Foundation
import GRDB
import PalisadeMessages
import PalisadeStorage
import PalisadeTLS
import PalisadeWire

/// The connector's SQLite database: connections (tokens sealed with a `SecretBox`), the
/// watermark and recently seen entry ids of each, and the outbox of batches for ingestion.
///
/// The invariant that makes `kill -9` safe: a fetched window's entries, its watermark and its
/// seen ids are written in one transaction (`commitWindow`), and outbox rows are deleted only
/// after ingestion acknowledged them (`acknowledge`).
public final class ConnectorStore: Sendable {
    /// The database.
    public let database: ServiceDatabase
    let secrets: SecretBox

    /// How the store's file is opened: the outbox holds multi-megabyte blobs that live seconds,
    /// so pages are 64 KiB (a 3 MB batch is 48 pages, not 750) and freed pages are zeroed only
    /// where that costs no extra I/O (zeroing each would double the writes; the same entries
    /// are kept by ingestion anyway). Together they cut the 1M-entry benchmark's commit time
    /// by about a third (Benchmarks/README.md).
    public static let databaseOptions = ServiceDatabase.Options(secureDelete: .fast, pageSize: 65_536)

    /// Opens (or creates) the store at `path`; tokens are sealed with `secrets`.
    public init(path: String, secrets: SecretBox, options: ServiceDatabase.Options = ConnectorStore.databaseOptions) throws(StorageError) {
        self.database = try ServiceDatabase(path: path, migrations: ConnectorSchema.migrations, options: options)
        self.secrets = secrets
    }

    /// How many connections the database at `path` holds (0 when there is no file yet), read
    /// without their key: whether a missing key file is a first start or a lost key.
    public static func connectionCount(path: String) throws(StorageError) -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let database = try ServiceDatabase(path: path, migrations: ConnectorSchema.migrations, options: databaseOptions)
        defer { try? database.close() }
        return try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM connections") ?? 0 }
    }

    // MARK: Connections

    /// Adds a connection; `ALREADY_EXISTS` when the organisation is connected already (two adds
    /// raced: `ConnectorService` replaces the token of an organisation it finds connected).
    public func insert(_ record: ConnectionRecord, credentials: SlackCredentials) async throws -> ConnectionRecord {
        let sealed = try seal(credentials, id: record.id)
        // Errors thrown inside a transaction come back wrapped as storage errors, so the
        // transaction reports "already connected" as a value and the error is raised here.
        let inserted = try await database.write { db -> Bool in
            if try Row.fetchOne(db, sql: "SELECT id FROM connections WHERE org_id = ?", arguments: [record.orgID]) != nil {
                return false
            }
            try db.execute(
                sql: """
                    INSERT INTO connections (id, org_id, org_name, credential, access_token, refresh_token, token_expires_at,
                        state, last_error, backfill_start, backfill_end, watermark, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, record.orgID, record.orgName, record.credential, sealed.access, sealed.refresh,
                    credentials.expiresAt, record.state.rawValue, record.backfillStart, record.backfillEnd,
                    record.watermark, record.createdAt,
                ])
            return true
        }
        guard inserted else {
            throw ConnectorError(
                .alreadyExists,
                "organisation \(record.orgID) (\(record.orgName)) was connected meanwhile; connect again to replace its token")
        }
        return record
    }

    /// Gives the organisation's connection new tokens (a reinstall, a new token file) keeping its
    /// position: watermark, seen ids and outbox stay, a stopped error is cleared, and the state
    /// goes back to Backfilling or Connected. Returns the connection's id, or nil when the
    /// organisation has no connection.
    public func replaceCredentials(orgID: String, credential: String, credentials: SlackCredentials) async throws -> String? {
        let id = try await database.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM connections WHERE org_id = ?", arguments: [orgID])
        }
        guard let id else { return nil }
        let sealed = try seal(credentials, id: id)
        try await database.write { db in
            try db.execute(
                sql: """
                    UPDATE connections SET credential = ?, access_token = ?, refresh_token = ?, token_expires_at = ?,
                        state = CASE WHEN watermark >= backfill_end THEN ? ELSE ? END, last_error = '', rate_limited_until = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    credential, sealed.access, sealed.refresh, credentials.expiresAt, ConnectionState.connected.rawValue,
                    ConnectionState.backfilling.rawValue, id,
                ])
        }
        return id
    }

    /// Every connection, oldest first.
    public func connections() async throws -> [ConnectionRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connections ORDER BY created_at, id").map(Self.record)
        }
    }

    /// The connection with this id or organisation id.
    public func connection(_ ref: String) async throws -> ConnectionRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM connections WHERE id = ? OR org_id = ?", arguments: [ref, ref]).map(Self.record)
        }
    }

    /// Removes a connection and its seen ids. Its outbox rows stay: what was fetched is still
    /// delivered.
    public func remove(_ id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM seen WHERE connection_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM connections WHERE id = ?", arguments: [id])
        }
    }

    /// Records where a connection stands (errors, rate limits) without touching its data.
    public func setState(_ id: String, _ state: ConnectionState, error: String = "", rateLimitedUntil: Int64? = nil) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE connections SET state = ?, last_error = ?, rate_limited_until = ? WHERE id = ?",
                arguments: [state.rawValue, error, rateLimitedUntil, id])
        }
    }

    // MARK: Credentials

    /// The connection's tokens, decrypted.
    public func credentials(_ id: String) async throws -> SlackCredentials {
        let sealed = try await database.read { db -> (access: Data, refresh: Data?, expiresAt: Int64?)? in
            try Row.fetchOne(
                db, sql: "SELECT access_token, refresh_token, token_expires_at FROM connections WHERE id = ?",
                arguments: [id]
            ).map { ($0["access_token"], $0["refresh_token"], $0["token_expires_at"]) }
        }
        guard let sealed else { throw ConnectorError(.notFound, "no connection \(id)") }
        return SlackCredentials(
            accessToken: String(decoding: try secrets.open(Array(sealed.access), context: "\(id)/access_token"), as: UTF8.self),
            refreshToken: try sealed.refresh.map {
                String(decoding: try secrets.open(Array($0), context: "\(id)/refresh_token"), as: UTF8.self)
            },
            expiresAt: sealed.expiresAt)
    }

    /// Replaces the connection's tokens (after a refresh), sealed.
    public func saveCredentials(_ id: String, _ credentials: SlackCredentials) async throws {
        let sealed = try seal(credentials, id: id)
        try await database.write { db in
            try db.execute(
                sql: "UPDATE connections SET access_token = ?, refresh_token = ?, token_expires_at = ? WHERE id = ?",
                arguments: [sealed.access, sealed.refresh, credentials.expiresAt, id])
        }
    }

    private func seal(_ credentials: SlackCredentials, id: String) throws -> (access: Data, refresh: Data?) {
        let access = try secrets.seal(Array(credentials.accessToken.utf8), context: "\(id)/access_token")
        let refresh = try credentials.refreshToken.map { try secrets.seal(Array($0.utf8), context: "\(id)/refresh_token") }
        return (Data(access), refresh.map { Data($0) })
    }

    // MARK: Rows

    static func record(_ row: Row) -> ConnectionRecord {
        ConnectionRecord(
            id: row["id"], orgID: row["org_id"], orgName: row["org_name"], credential: row["credential"],
            state: ConnectionState(rawValue: row["state"]) ?? .unknown, lastError: row["last_error"],
            rateLimitedUntil: row["rate_limited_until"], lastSuccess: row["last_success"],
            backfillStart: row["backfill_start"], backfillEnd: row["backfill_end"], watermark: row["watermark"],
            entriesFetched: row["entries_fetched"], pages: row["pages"], createdAt: row["created_at"])
    }
}
