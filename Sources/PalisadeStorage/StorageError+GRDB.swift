internal import GRDB

/// The single choke point that turns whatever GRDB or a caller's closure threw into a
/// ``StorageError``, so every public entry point of this module throws one type.
extension StorageError {
    /// Maps any error raised while using the database at `path`.
    ///
    /// - Parameter context: what we were doing, for messages (e.g. "opening", "migrating").
    static func map(_ error: any Error, path: String, context: String? = nil) -> StorageError {
        switch error {
        case let error as StorageError:
            return error
        case let error as DatabaseError:
            return StorageError(error, path: path, context: context)
        case is CancellationError:
            return StorageError(code: .cancelled, message: "database \(path): the task was cancelled", cause: error)
        default:
            let what = context.map { " while \($0)" } ?? ""
            return StorageError(
                code: .aborted,
                message: "database \(path): rolled back\(what) because of an error: \(error)",
                cause: error
            )
        }
    }

    /// Maps an SQLite error, keeping its extended code.
    ///
    /// Built from `message` and `sql` only: `DatabaseError.description` could include the bound
    /// arguments if someone turned on `publicStatementArguments`, and arguments may be secrets.
    init(_ error: DatabaseError, path: String, context: String?) {
        let extended = error.extendedResultCode.rawValue
        var text = "database \(path): "
        if let context { text += "\(context): " }
        text += error.message ?? "SQLite error"
        text += " (SQLite \(extended))"
        if let sql = error.sql, !sql.isEmpty {
            text += " while executing `\(sql.trimmingSpaces)`"
        }
        self.init(code: Self.code(for: error), message: text, sqliteCode: extended)
    }

    /// Groups SQLite's primary result codes into the handful of cases callers act on.
    /// <https://www.sqlite.org/rescode.html>
    private static func code(for error: DatabaseError) -> Code {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT: return .constraint
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy
        case .SQLITE_NOTADB: return .notADatabase
        case .SQLITE_CORRUPT: return .corrupt
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return .cannotOpen
        case .SQLITE_READONLY: return .readOnly
        case .SQLITE_FULL: return .diskFull
        case .SQLITE_IOERR: return .io
        case .SQLITE_INTERRUPT, .SQLITE_ABORT: return .cancelled
        case .SQLITE_ERROR: return .sql
        // GRDB's own error for a pool used after `close()`.
        case .SQLITE_MISUSE where error.message == "Connection is closed": return .closed
        default: return .sqlite
        }
    }
}

extension String {
    /// The SQL text on one line, so that an error message stays one log line.
    fileprivate var trimmingSpaces: String {
        split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
