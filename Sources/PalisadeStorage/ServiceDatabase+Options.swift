extension ServiceDatabase {
    /// How a service's database is opened. The defaults are what production uses; change one
    /// only with a reason (a test that proves it, a measured benefit).
    public struct Options: Sendable {
        /// How hard SQLite works to make a commit survive a power loss.
        public enum Synchronous: String, Sendable {
            /// `synchronous=NORMAL`: in WAL mode a commit survives a crash of the process but the
            /// last commits may be lost if the machine loses power. The default: every service
            /// can re-fetch what it lost from its upstream, which has not seen an acknowledgement.
            case normal = "NORMAL"
            /// `synchronous=FULL`: every commit is flushed to disk before it returns.
            case full = "FULL"
        }

        /// Whether SQLite overwrites deleted content (`PRAGMA secure_delete`). Stated explicitly
        /// because the library's compiled-in default differs between builds (Debian's is on).
        public enum SecureDelete: String, Sendable {
            /// Deleted content is overwritten with zeros: nothing deleted stays in the file.
            case on = "ON"
            /// Deleted content is zeroed only where that costs no extra I/O. For stores whose
            /// rows are transient copies of data kept elsewhere (an outbox), where zeroing every
            /// freed page would double the writes.
            case fast = "FAST"
        }

        /// The durability level. Default ``Synchronous/normal``.
        public var synchronous: Synchronous
        /// How deleted content is erased. Default ``SecureDelete/on``.
        public var secureDelete: SecureDelete
        /// The page size of a database file created by this open (a power of two, 512…65536);
        /// an existing file keeps its own. Default 4096. Large pages suit tables of large blobs:
        /// a 3 MB row spans 48 pages of 64 KiB instead of 750 of 4 KiB.
        public var pageSize: Int
        /// How long a connection waits for a lock before failing with ``StorageError/Code/busy``.
        /// Default 5 seconds.
        public var busyTimeout: Duration
        /// Run `PRAGMA quick_check` when opening, and refuse a damaged file with
        /// ``StorageError/Code/corrupt``. Off by default: it reads the whole file, which takes
        /// seconds on a large activity log.
        public var quickCheckOnOpen: Bool
        /// The maximum number of concurrent reading connections. Default 5.
        public var maximumReaderCount: Int

        /// Creates options; every parameter has the production default.
        public init(
            synchronous: Synchronous = .normal,
            secureDelete: SecureDelete = .on,
            pageSize: Int = 4096,
            busyTimeout: Duration = .seconds(5),
            quickCheckOnOpen: Bool = false,
            maximumReaderCount: Int = 5
        ) {
            self.synchronous = synchronous
            self.secureDelete = secureDelete
            self.pageSize = pageSize
            self.busyTimeout = busyTimeout
            self.quickCheckOnOpen = quickCheckOnOpen
            self.maximumReaderCount = maximumReaderCount
        }

        /// The busy timeout in seconds, as GRDB wants it.
        var busyTimeoutSeconds: Double {
            let (seconds, attoseconds) = busyTimeout.components
            return Double(seconds) + Double(attoseconds) / 1e18
        }
    }
}
