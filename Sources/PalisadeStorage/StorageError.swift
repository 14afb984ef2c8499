/// An error from a service's database, with a stable ``code`` to branch on and a ``message`` an
/// operator can act on.
///
/// Messages name the database file and, for SQLite failures, the SQLite message and the SQL text
/// (with `?` placeholders). They never contain bound argument values: those may be tokens or
/// other secrets, and error messages end up in logs and RPC replies.
///
/// ```swift
/// do {
///     try database.write { db in try db.execute(sql: "INSERT INTO alert (id) VALUES (?)", arguments: [id]) }
/// } catch let error where error.code == .constraint {
///     // Already stored: the insert is idempotent.
/// }
/// ```
public struct StorageError: Error, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, e.g. `"constraint"`.
        public let rawValue: String

        /// Creates a code from its stable name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The stable name.
        public var description: String { rawValue }

        /// The file or its directory could not be created or opened (permissions, missing parent,
        /// a regular file where a directory was expected).
        public static let cannotOpen = Code(rawValue: "cannotOpen")
        /// The file exists but is not an SQLite database (SQLITE_NOTADB): it was left untouched.
        public static let notADatabase = Code(rawValue: "notADatabase")
        /// The database is damaged (SQLITE_CORRUPT, or `quick_check` reported problems).
        public static let corrupt = Code(rawValue: "corrupt")
        /// The database was migrated by a newer binary; this one refuses to touch it.
        public static let unknownMigrations = Code(rawValue: "unknownMigrations")
        /// The migration list given to the initialiser is invalid (duplicate or empty names).
        public static let invalidMigrations = Code(rawValue: "invalidMigrations")
        /// The open options are out of range (a page size that is not a power of two in 512…65536).
        public static let invalidOptions = Code(rawValue: "invalidOptions")
        /// A migration failed; its transaction was rolled back.
        public static let migrationFailed = Code(rawValue: "migrationFailed")
        /// A UNIQUE, NOT NULL, CHECK, PRIMARY KEY or FOREIGN KEY constraint was violated.
        public static let constraint = Code(rawValue: "constraint")
        /// The database stayed locked longer than the busy timeout.
        public static let busy = Code(rawValue: "busy")
        /// The file or its file system is read-only.
        public static let readOnly = Code(rawValue: "readOnly")
        /// The disk is full.
        public static let diskFull = Code(rawValue: "diskFull")
        /// The operating system reported an I/O error.
        public static let io = Code(rawValue: "io")
        /// The statement is invalid SQL or refers to a missing table or column: a bug in the caller.
        public static let sql = Code(rawValue: "sql")
        /// The task was cancelled, or the statement interrupted.
        public static let cancelled = Code(rawValue: "cancelled")
        /// The database was closed with ``ServiceDatabase/close()``.
        public static let closed = Code(rawValue: "closed")
        /// The closure passed to `read` or `write` threw an error of its own (see
        /// ``StorageError/cause``); the transaction was rolled back.
        public static let aborted = Code(rawValue: "aborted")
        /// Any other SQLite failure; ``StorageError/sqliteCode`` has the details.
        public static let sqlite = Code(rawValue: "sqlite")
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence a person can act on. Never contains bound argument values.
    public let message: String
    /// The SQLite extended result code (e.g. 2067 for `SQLITE_CONSTRAINT_UNIQUE`), when SQLite
    /// reported the failure.
    public let sqliteCode: Int32?
    /// The error that caused this one, when it is not an SQLite error (for ``Code/aborted``, the
    /// error thrown by the caller's closure).
    public let cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, sqliteCode: Int32? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.sqliteCode = sqliteCode
        self.cause = cause
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }
}
