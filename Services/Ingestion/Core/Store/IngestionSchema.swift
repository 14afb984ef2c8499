import GRDB
import PalisadeStorage

/// The activity log's tables, as named migrations.
///
/// The layout is chosen for the write rate and the query shapes of `Protocol/ingestion.md`:
///
/// - `activities` holds the columns queries filter on and `body`, the activity's wire encoding
///   of fields 2–23 without its commit time; its rowid **is** the sequence, so appending is a
///   B-tree append and `Subscribe` reads a rowid range.
/// - `raws` keeps Slack's bytes apart, so scans over `activities` read compact rows.
/// - Four secondary indexes and no more, each serving a query shape: `(time, org, entry_id)`
///   deduplicates (an entry sent again has the same `date_create`) and serves time ranges while
///   appending near its end for live data; `(actor, time)`, `(entity, time)` and `(ip, time)` serve
///   a user, a free-text match and an address or block.
/// - `names` is the small directory of actor and entity names and e-mails that free text searches.
enum IngestionSchema {
    static let migrations: [Migration] = [
        Migration("v1-activities") { db in
            try db.execute(
                sql: """
                    CREATE TABLE activities (
                        sequence INTEGER PRIMARY KEY,
                        time INTEGER NOT NULL,
                        org TEXT NOT NULL,
                        entry_id TEXT NOT NULL,
                        ingested INTEGER NOT NULL,
                        actor TEXT,
                        entity TEXT,
                        ip BLOB,
                        action TEXT NOT NULL,
                        category INTEGER NOT NULL,
                        flags INTEGER NOT NULL,
                        country TEXT,
                        ip_category INTEGER NOT NULL,
                        ip_tags TEXT,
                        app TEXT,
                        body BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX activities_by_time ON activities(time, org, entry_id);
                    CREATE INDEX activities_by_actor ON activities(actor, time);
                    CREATE INDEX activities_by_entity ON activities(entity, time);
                    CREATE INDEX activities_by_ip ON activities(ip, time);
                    CREATE TABLE raws (sequence INTEGER PRIMARY KEY, raw BLOB NOT NULL);
                    CREATE TABLE names (
                        kind TEXT NOT NULL,
                        id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        email TEXT NOT NULL,
                        PRIMARY KEY (kind, id)
                    ) WITHOUT ROWID;
                    CREATE TABLE unknown_actions (
                        action TEXT PRIMARY KEY,
                        count INTEGER NOT NULL,
                        first_seen INTEGER NOT NULL,
                        last_seen INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE ip_ranges (
                        name TEXT PRIMARY KEY,
                        category INTEGER NOT NULL,
                        tags TEXT NOT NULL,
                        source TEXT NOT NULL,
                        updated INTEGER NOT NULL,
                        networks TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
    ]

    /// `flags` bits.
    static let administrativeFlag = 1
    static let impersonatedFlag = 2
    static let unknownActionFlag = 4
}
