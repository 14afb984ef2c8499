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

        /// The durability level. Default ``Synchronous/normal``.
        public var synchronous: Synchronous
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
            busyTimeout: Duration = .seconds(5),
            quickCheckOnOpen: Bool = false,
            maximumReaderCount: Int = 5
        ) {
            self.synchronous = synchronous
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
