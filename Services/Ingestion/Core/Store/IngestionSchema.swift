import GRDB
import PalisadeStorage

/// The activity log's tables, as named migrations.
///
/// The layout is chosen for the write rate and the query shapes of `Protocol/ingestion.md`:
///
/// - `activities` holds the columns queries filter on, `body`, the activity's wire encoding of
///   fields 2–23 without its commit time, and `raw`, Slack's bytes, last (v3); its rowid **is**
///   the sequence, so appending is a B-tree append and `Subscribe` reads a rowid range.
/// - Four secondary indexes and no more, each serving a query shape: `(time, org, entry_id)`
///   deduplicates (an entry sent again has the same `date_create`) and serves time ranges while
///   appending near its end for live data; `(hour, actor, time)`, `(hour, entity, time)` and
///   `(hour, ip, time)`, with `hour` the expression `time / 3600`, serve a user, a free-text match
///   and an address or block (v2).
/// - `names` is the small directory of actor and entity names and e-mails that free text searches.
///
/// Why the hour leads (v2; v1 had `(actor, time)` etc.): an activity is appended at its key's
/// place in each of those indexes, and a commit writes every page it touched to the WAL. Keyed by
/// actor, a batch of 3,900 entries touched about one page per distinct actor, entity and address —
/// thousands of pages, ~24 KB written per activity at a million stored, and more as the log grows
/// (`palisade-bench ingest`: 10–13k entries/s, the baseline too). Led by the hour, a batch touches
/// only the current hour's few dozen pages of each index, whatever the log's size. Queries pay
/// instead: a keyed filter is searched hour by hour (``PageStatement``).
///
/// Why the raw entry sits in the row (v3; v1 and v2 kept it in a table of its own, `raws`, so
/// that rows stayed compact): the indexes never hold it either way, and every read the service
/// serves returns the whole activity, raw entry included. Apart, each activity read was a second
/// B-tree search on a random page — a third of `Query`'s SQLite time for one address over 30
/// days (`palisade-bench query`, shape b), two inserts per stored activity instead of one, and a
/// second cursor under `Subscribe`. What it costs: a scan that filters on a column no index
/// holds reads pages holding half as many activities.
///
/// Public for `palisade-bench ingest`, whose baseline inserts into the same tables and indexes
/// on a plain SQLite connection.
public enum IngestionSchema {
    /// The schema's history, oldest first.
    public static let migrations: [Migration] = [
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
        },
        Migration("v2-key-indexes-by-hour") { db in
            try db.execute(
                sql: """
                    DROP INDEX activities_by_actor;
                    DROP INDEX activities_by_entity;
                    DROP INDEX activities_by_ip;
                    CREATE INDEX activities_by_actor ON activities(time / 3600, actor, time);
                    CREATE INDEX activities_by_entity ON activities(time / 3600, entity, time);
                    CREATE INDEX activities_by_ip ON activities(time / 3600, ip, time);
                    """)
        },
        Migration("v3-raw-in-activities") { db in
            try db.execute(
                sql: """
                    ALTER TABLE activities ADD COLUMN raw BLOB NOT NULL DEFAULT x'';
                    UPDATE activities SET raw = raws.raw FROM raws WHERE raws.sequence = activities.sequence;
                    DROP TABLE raws;
                    """)
        },
    ]

    /// `flags` bits.
    static let administrativeFlag = 1
    static let impersonatedFlag = 2
    static let unknownActionFlag = 4
}
