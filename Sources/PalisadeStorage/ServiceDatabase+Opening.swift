internal import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The steps of ``ServiceDatabase/init(path:migrations:options:)``, each throwing a
/// ``StorageError`` that names the file.
extension ServiceDatabase {
    /// Rejects what would make GRDB's migrator trap (duplicate names) or record a useless name.
    static func validate(_ migrations: [Migration]) throws(StorageError) {
        var seen: Set<String> = []
        for migration in migrations {
            if migration.name.isEmpty {
                throw StorageError(code: .invalidMigrations, message: "a migration has an empty name")
            }
            if !seen.insert(migration.name).inserted {
                throw StorageError(
                    code: .invalidMigrations,
                    message: "migration '\(migration.name)' is declared twice; migration names must be unique"
                )
            }
        }
    }

    /// Rejects a page size SQLite would silently ignore.
    static func validate(_ options: Options) throws(StorageError) {
        let size = options.pageSize
        guard (512...65_536).contains(size), size & (size - 1) == 0 else {
            throw StorageError(code: .invalidOptions, message: "page size \(size) is not a power of two between 512 and 65536")
        }
    }

    /// Creates each missing directory above the file with mode 0700: the database holds
    /// encrypted secrets and personal data, so only the service's user may list or read it.
    /// Existing directories keep their mode; the operator chose it.
    static func createParentDirectory(of path: String) throws(StorageError) {
        guard let slash = path.lastIndex(of: "/") else { return }  // relative name: the working directory
        let parent = String(path[..<slash])
        var prefix = parent.hasPrefix("/") ? "/" : ""
        for component in parent.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 {
                let code = errno
                if code != EEXIST {
                    throw directoryError(prefix, path: path, errno: code)
                }
                var info = stat()
                if stat(prefix, &info) != 0 {
                    throw directoryError(prefix, path: path, errno: errno)
                }
                if info.st_mode & S_IFMT != S_IFDIR {
                    throw directoryError(prefix, path: path, errno: ENOTDIR)
                }
            }
            prefix += "/"
        }
    }

    /// Creates the database file with mode 0600 when it is missing (before SQLite does, which
    /// would follow the umask), and narrows an existing file, `-wal` or `-shm` to 0600.
    static func restrictFiles(of path: String) throws(StorageError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw StorageError(code: .cannotOpen, message: "database \(path): cannot open: \(String(cString: strerror(code)))")
        }
        defer { closeDescriptor(fd) }
        if fchmod(fd, 0o600) != 0 {
            let code = errno
            throw StorageError(
                code: .cannotOpen, message: "database \(path): cannot make it private (chmod 600): \(String(cString: strerror(code)))")
        }
        for suffix in ["-wal", "-shm"] {
            // Missing side files are normal (SQLite creates them with the database's mode).
            _ = chmod(path + suffix, 0o600)
        }
    }

    private static func directoryError(_ directory: String, path: String, errno code: Int32) -> StorageError {
        StorageError(
            code: .cannotOpen,
            message: "database \(path): cannot create directory \(directory): \(String(cString: strerror(code)))"
        )
    }

    /// The connection settings described on ``ServiceDatabase``.
    static func configuration(_ options: Options) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.busyTimeoutSeconds)
        configuration.maximumReaderCount = max(1, options.maximumReaderCount)
        // Per-connection settings, run on the writer and on every reader as it opens. GRDB gives
        // pool readers a fixed 10 s busy timeout of its own; restating ours here (after GRDB's
        // busy handler is installed) leaves operators one knob.
        let busyTimeoutMilliseconds = Int((options.busyTimeoutSeconds * 1000).rounded())
        let secureDelete = options.secureDelete.rawValue
        let pageSize = options.pageSize
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA secure_delete = \(secureDelete)")
            // Takes effect only on a file with no content yet, which is why it is set here,
            // before the pool switches the file to WAL (the first write to a new file).
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
        }
        return configuration
    }

    /// Sets `synchronous` on the writer, the only connection that commits. It cannot go in
    /// `prepareDatabase`: DatabasePool sets `synchronous=NORMAL` after switching to WAL, which
    /// happens after the preparation functions have run.
    static func setSynchronous(_ pool: DatabasePool, _ synchronous: Options.Synchronous, path: String)
        throws(StorageError)
    {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
            }
        } catch {
            throw openError(error, path: path)
        }
    }

    /// Explains an open failure in terms of the file rather than of SQLite.
    static func openError(_ error: any Error, path: String) -> StorageError {
        let mapped = StorageError.map(error, path: path, context: "cannot open")
        switch mapped.code {
        case .notADatabase:
            return StorageError(
                code: .notADatabase,
                message: "database \(path): the file is not an SQLite database (left unchanged); "
                    + "restore it from a backup or move it away",
                sqliteCode: mapped.sqliteCode
            )
        case .corrupt:
            return StorageError(
                code: .corrupt,
                message: mapped.message + "; restore the file from a backup",
                sqliteCode: mapped.sqliteCode
            )
        default:
            return mapped
        }
    }

    /// Runs `PRAGMA quick_check`, which reads every page and reports structural damage.
    static func quickCheck(_ pool: DatabasePool, path: String) throws(StorageError) {
        let problems: [String]
        do {
            problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch {
            throw openError(error, path: path)
        }
        guard problems != ["ok"] else { return }
        let shown = problems.prefix(5).joined(separator: "; ")
        throw StorageError(
            code: .corrupt,
            message: "database \(path): quick_check found \(problems.count) problem(s): \(shown); "
                + "restore the file from a backup"
        )
    }

    /// Refuses a file migrated by a newer binary, then applies the missing migrations in order.
    static func migrate(_ pool: DatabasePool, migrations: [Migration], path: String) throws(StorageError) {
        let migrator = migrator(for: migrations)
        let known = Set(migrations.map(\.name))
        do {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty {
                let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
                throw StorageError(
                    code: .unknownMigrations,
                    message: "database \(path) was written by a newer version of this service "
                        + "(migrations unknown to this binary: \(names)); run the newer version, "
                        + "or restore a backup taken before the upgrade"
                )
            }
            try migrator.migrate(pool)
        } catch let error as MigrationFailure {
            let prefix = "database \(path): "
            var detail = StorageError.map(error.underlying, path: path).message
            if detail.hasPrefix(prefix) { detail.removeFirst(prefix.count) }
            throw StorageError(
                code: .migrationFailed,
                message: prefix + "migration '\(error.name)' failed and was rolled back: " + detail,
                sqliteCode: (error.underlying as? DatabaseError)?.extendedResultCode.rawValue,
                cause: error.underlying
            )
        } catch {
            // Problems with the file itself keep their code, so the operator sees the real cause;
            // the rest (a foreign key violated at commit, say) is the migration's fault.
            let mapped = StorageError.map(error, path: path, context: "migrating")
            let fileProblems: Set<StorageError.Code> = [
                .unknownMigrations, .notADatabase, .corrupt, .io, .diskFull, .readOnly, .busy, .cannotOpen,
            ]
            if fileProblems.contains(mapped.code) { throw mapped }
            throw StorageError(
                code: .migrationFailed,
                message: mapped.message,
                sqliteCode: mapped.sqliteCode,
                cause: mapped.cause
            )
        }
    }

    /// A GRDB migrator holding `migrations`, each wrapped so a failure names its migration.
    static func migrator(for migrations: [Migration]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in
                do {
                    try migration.apply(db)
                } catch {
                    throw MigrationFailure(name: migration.name, underlying: error)
                }
            }
        }
        return migrator
    }
}

/// Carries the failing migration's name out of GRDB's migrator.
private struct MigrationFailure: Error {
    let name: String
    let underlying: any Error
}

/// The C library's `close`; inside `ServiceDatabase` the name means the database's own.
private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
