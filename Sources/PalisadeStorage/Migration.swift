public import GRDB

/// One named step of a service's schema history.
///
/// A service declares its migrations once, in order, and never edits or reorders a migration
/// that has shipped: a database records the names it has applied, and each name runs exactly
/// once, in its own transaction. To change the schema, append a new migration.
///
/// ```swift
/// let migrations: [Migration] = [
///     Migration("create alert") { db in
///         try db.execute(sql: """
///             CREATE TABLE alert (
///                 id TEXT PRIMARY KEY,
///                 state TEXT NOT NULL CHECK (state IN ('open', 'closed'))
///             ) STRICT
///             """)
///     },
///     Migration("alert severity") { db in
///         try db.execute(sql: "ALTER TABLE alert ADD COLUMN severity INTEGER NOT NULL DEFAULT 0")
///     },
/// ]
/// ```
///
/// Foreign keys are checked when a migration commits rather than after each statement, so a
/// migration may rebuild a table that others reference.
public struct Migration: Sendable {
    /// The name recorded in the database once the migration has run. Unique within a service.
    public let name: String
    /// The schema change. Runs inside a transaction that is rolled back if it throws.
    public let apply: @Sendable (Database) throws -> Void

    /// Creates a migration.
    public init(_ name: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.name = name
        self.apply = apply
    }
}
