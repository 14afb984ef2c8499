import GRDB
import PalisadeStorage

/// The connector's tables, as named migrations (append only: a shipped migration never changes).
enum ConnectorSchema {
    static let migrations: [Migration] = [
        Migration("v1-connections-watermarks-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE connections (
                        id TEXT PRIMARY KEY,
                        org_id TEXT NOT NULL UNIQUE,
                        org_name TEXT NOT NULL,
                        credential TEXT NOT NULL,
                        access_token BLOB NOT NULL,          -- SecretBox-sealed
                        refresh_token BLOB,                  -- SecretBox-sealed, rotating grants only
                        token_expires_at INTEGER,
                        state INTEGER NOT NULL,
                        last_error TEXT NOT NULL DEFAULT '',
                        rate_limited_until INTEGER,
                        last_success INTEGER,
                        backfill_start INTEGER NOT NULL,
                        backfill_end INTEGER NOT NULL,
                        watermark INTEGER NOT NULL,          -- all entries dated <= watermark are stored
                        entries_fetched INTEGER NOT NULL DEFAULT 0,
                        pages INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL
                    );
                    -- Ids of entries near the watermark: the next poll re-reads an overlap window and
                    -- these say which of its entries were already stored.
                    CREATE TABLE seen (
                        connection_id TEXT NOT NULL,
                        entry_id TEXT NOT NULL,
                        date_create INTEGER NOT NULL,
                        PRIMARY KEY (connection_id, entry_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX seen_by_date ON seen (connection_id, date_create);
                    -- Batches fetched but not yet acknowledged by ingestion, oldest first.
                    CREATE TABLE outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        connection_id TEXT NOT NULL,
                        org_id TEXT NOT NULL,
                        entry_count INTEGER NOT NULL,
                        payload BLOB NOT NULL                -- OutboxPayload: length-prefixed raw entries
                    );
                    """)
        },
        Migration("v2-dead-letters") { db in
            try db.execute(
                sql: """
                    -- Entries ingestion refused for good (Protocol/ingestion.md, "Final and retryable
                    -- statuses"), one row each, moved here in the transaction that takes them out of the
                    -- outbox. Removing a connection leaves them, as it leaves its outbox rows.
                    CREATE TABLE dead_letters (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        connection_id TEXT NOT NULL,
                        org_id TEXT NOT NULL,
                        entry_id TEXT NOT NULL,              -- Slack's id of the entry; '' when none can be read
                        entry BLOB NOT NULL,                 -- the entry's JSON, exactly as Slack sent it
                        status INTEGER NOT NULL,             -- ingestion's status code (3: INVALID_ARGUMENT)
                        message TEXT NOT NULL,               -- ingestion's message
                        batch_seq INTEGER NOT NULL,          -- the outbox batch it was in (the batchID sent)
                        refused_at INTEGER NOT NULL          -- Unix seconds
                    );
                    CREATE INDEX dead_letters_by_connection ON dead_letters (connection_id);
                    """)
        },
    ]
}
