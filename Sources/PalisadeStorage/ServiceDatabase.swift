public import GRDB

/// The one SQLite database a service owns, opened the way every Palisade service opens it.
///
/// Opening a `ServiceDatabase`:
/// - creates the file's directory if it is missing, readable by the service's user only (0700);
/// - opens the file in WAL mode (readers never block the writer) with `synchronous=NORMAL`
///   (``Options/Synchronous``), `foreign_keys=ON`, a busy timeout (5 s by default) and
///   `temp_store=MEMORY`;
/// - optionally runs `PRAGMA quick_check` (``Options/quickCheckOnOpen``);
/// - refuses a file written by a newer binary: if the file records a migration this binary does
///   not know, opening fails with ``StorageError/Code/unknownMigrations`` before anything is
///   written, so an accidental downgrade cannot damage the data;
/// - runs the migrations the file has not seen yet, in order, each in its own transaction.
///
/// ## Nothing else opens this file
///
/// The file belongs to exactly one `ServiceDatabase` in exactly one process: the service that
/// owns it. Other services ask the owner over RPC; operators use the service's endpoints or the
/// `palisade` tool, or work on a copy taken while the service is stopped. Reasons: the owner is
/// the only code that knows the schema and its migrations (another writer would bypass the
/// migration check above); any other connection holds locks that make the owner's writes wait
/// for the busy timeout and then fail; and WAL's shared-memory index only works between processes
/// on the same machine, so the file must never sit on a network file system.
///
/// ## Example
///
/// ```swift
/// let database = try ServiceDatabase(path: "/var/lib/palisade/alerting/alerting.sqlite",
///                                    migrations: AlertingSchema.migrations)
/// try await database.write { db in
///     try db.execute(sql: "INSERT INTO alert (id, state) VALUES (?, 'open')", arguments: [id])
/// }
/// let open = try await database.read { db in
///     try Int.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE state = 'open'") ?? 0
/// }
/// ```
///
/// The `async` methods are for request handlers: they wait without blocking a thread of the
/// cooperative pool. The synchronous ones are for start-up, command-line tools and tests.
///
/// Every method throws ``StorageError``; GRDB's errors are mapped (keeping the SQLite extended
/// result code) and bound argument values never appear in messages.
public final class ServiceDatabase: Sendable {
    /// The database file, as given to the initialiser.
    public let path: String
    /// The names of the migrations this binary knows, in order.
    public let migrationNames: [String]
    // DatabasePool is Sendable: it serialises all access to its connections on its own queues.
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// The file, and so its `-wal` and `-shm` files (SQLite gives them the database's mode), is
    /// readable and writable by the service's user only (0600), whatever the umask: it holds
    /// personal data and sealed secrets. A file found with a wider mode is narrowed.
    ///
    /// - Parameters:
    ///   - path: a file path; never `:memory:`, because WAL mode needs a file.
    ///   - migrations: the service's whole schema history, oldest first.
    ///   - options: how to open the file; the defaults are the production settings.
    /// - Throws: ``StorageError``: ``StorageError/Code/cannotOpen`` (naming the path) if the
    ///   directory or file cannot be created or opened, ``StorageError/Code/notADatabase`` if the
    ///   file is not SQLite (the file is left as it was), ``StorageError/Code/unknownMigrations``
    ///   if a newer binary wrote it, ``StorageError/Code/migrationFailed`` if a migration threw,
    ///   ``StorageError/Code/corrupt`` if `quick_check` found damage.
    public init(path: String, migrations: [Migration], options: Options = .init()) throws(StorageError) {
        try Self.validate(migrations)
        try Self.validate(options)
        try Self.createParentDirectory(of: path)
        try Self.restrictFiles(of: path)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(options))
        } catch {
            throw Self.openError(error, path: path)
        }
        try Self.setSynchronous(pool, options.synchronous, path: path)
        if options.quickCheckOnOpen {
            try Self.quickCheck(pool, path: path)
        }
        try Self.migrate(pool, migrations: migrations, path: path)
        self.path = path
        self.migrationNames = migrations.map(\.name)
        self.pool = pool
    }

    // MARK: - Reading and writing

    /// Runs `body` in a read-only transaction: it sees one consistent snapshot, concurrently with
    /// other readers and with the writer.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw .map(error, path: path)
        }
    }

    /// Runs `body` in a write transaction, committed if `body` returns and rolled back if it
    /// throws. Writes are serialised: one at a time per database.
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw .map(error, path: path)
        }
    }

    /// Blocking form of the `async` `read`, for start-up code, tools and tests. It blocks the
    /// calling thread, so don't call it from a request handler.
    public func read<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .map(error, path: path)
        }
    }

    /// Blocking form of the `async` `write`, for start-up code, tools and tests. It blocks the
    /// calling thread, so don't call it from a request handler.
    public func write<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw .map(error, path: path)
        }
    }

    // MARK: - Inspection and shutdown

    /// The names of the migrations applied to this database, in the order they were declared.
    public func appliedMigrations() throws(StorageError) -> [String] {
        let migrator = Self.migrator(for: [])
        let applied: Set<String>
        do {
            applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        } catch {
            throw .map(error, path: path)
        }
        return migrationNames.filter(applied.contains)
    }

    /// Copies the WAL into the main file, then closes every connection. Call it last during a
    /// graceful shutdown; any later call fails with ``StorageError/Code/closed``.
    ///
    /// The checkpoint is ours because SQLite's automatic one on close does not happen here: GRDB
    /// closes the writer before the readers, and a read-only connection closing last leaves the
    /// WAL as it is. A failed checkpoint loses nothing (the WAL is part of the database), so it
    /// does not stop the close. Releasing the last reference also closes, without checkpointing.
    public func close() throws(StorageError) {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        do {
            try pool.close()
        } catch {
            throw .map(error, path: path, context: "closing")
        }
    }
}
