import GRDB
import PalisadeStorage

/// The detection database's schema history.
///
/// - `cursor`: the last activity sequence whose effects are committed (one row).
/// - `state`: the engine's records (`StateKind`, key, encoded value): baselines of users, the
///   organisation's addresses, apps and places.
/// - `policy_state`: the custom policies' windows (key `k:<group key>`) and day counts (key `d`).
/// - `findings`: the outbox `SubscribeFindings` serves, numbered from 1 in commit order; `id` is
///   unique, so a finding found again (after a restart, a replay) is stored once.
/// - `policies`: the custom policies, their source text as written, switched on or off (and by
///   whom, when an operator switched one off).
///
/// State, cursor and findings change in one transaction per commit: a restart resumes exactly
/// where the last commit left off, neither skipping nor repeating a finding.
enum DetectionSchema {
    static let migrations: [Migration] = [
        Migration("v1-detection") { db in
            try db.execute(
                sql: """
                    CREATE TABLE cursor (id INTEGER PRIMARY KEY CHECK (id = 1), after INTEGER NOT NULL);
                    INSERT INTO cursor (id, after) VALUES (1, 0);
                    CREATE TABLE state (
                        kind INTEGER NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kind, key)
                    ) WITHOUT ROWID;
                    CREATE TABLE policy_state (
                        policy TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (policy, key)
                    ) WITHOUT ROWID;
                    CREATE TABLE findings (
                        sequence INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, time INTEGER NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE INDEX findings_source ON findings (source);
                    CREATE TABLE policies (
                        name TEXT PRIMARY KEY, source TEXT NOT NULL, file TEXT NOT NULL, enabled INTEGER NOT NULL,
                        disabled_by TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, updated INTEGER NOT NULL
                    );
                    """)
        }
    ]
}
