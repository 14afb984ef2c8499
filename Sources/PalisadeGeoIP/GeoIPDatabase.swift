internal import CMaxMindDB
import PalisadeNet
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open GeoIP database: a MaxMind DB (`.mmdb`) file with the GeoIP2 City shape, read with
/// libmaxminddb, e.g. DB-IP City Lite (`make geoip`), GeoLite2-City or GeoIP2-City.
///
/// Opening maps the file into memory; lookups read the mapping and never write, so one database
/// serves any number of threads at once. The file is closed when the last reference goes away.
public final class GeoIPDatabase: @unchecked Sendable {
    // @unchecked Sendable because the stored C state is pointers, which Swift cannot prove safe.
    // It is safe: after MMDB_open returns, libmaxminddb never writes to the MMDB_s or the mapped
    // file (lookups take the MMDB_s as const and keep their state on the caller's stack; its
    // manual calls the library thread safe given a thread-safe malloc, which glibc's is). The
    // lookup paths are written once, in init, before `self` can be shared; the error count is an
    // atomic; MMDB_close runs in deinit, when no other thread can hold a reference.

    /// The path the database was opened from.
    public let path: String
    /// The database's own description of itself.
    public let metadata: GeoIPMetadata

    /// The `MMDB_s`, heap-allocated so its address never moves: every MMDB_entry_s a lookup
    /// returns points back at it. Kept untyped so that no C type appears in the class's layout,
    /// which the module's importers would otherwise need CMaxMindDB to compile against.
    private let storage: UnsafeMutableRawPointer
    private var handle: UnsafeMutablePointer<MMDB_s> { storage.assumingMemoryBound(to: MMDB_s.self) }
    private let reader = RecordReader()
    private let errors = Atomic<Int>(0)

    /// Opens the database at `path`, refusing a missing, unreadable or damaged file and one that
    /// cannot hold locations (``GeoIPError/Code-swift.enum/wrongShape``), with a message naming the path.
    public init(path: String) throws(GeoIPError) {
        try Self.checkFile(path)
        let handle = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        handle.initialize(to: MMDB_s())
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), handle)
        let openErrno = errno
        guard status == MMDB_SUCCESS else {
            // MMDB_open frees what it allocated before failing; only our allocation remains.
            handle.deallocate()
            throw Self.openError(status, errno: openErrno, path: path)
        }
        let metadata = GeoIPMetadata(handle.pointee.metadata)
        if let reason = Self.shapeProblem(metadata) {
            MMDB_close(handle)
            handle.deallocate()
            throw GeoIPError(code: .wrongShape, path: path, reason: reason)
        }
        self.path = path
        self.metadata = metadata
        self.storage = UnsafeMutableRawPointer(handle)
    }

    deinit {
        MMDB_close(handle)
        handle.deallocate()
    }

    /// What the database says about `address`, or nil when it has no record (private and reserved
    /// ranges, an IPv6 address in an IPv4 database) or the lookup failed (counted in ``lookupErrors``).
    ///
    /// An IPv4 address is looked up as IPv4, i.e. at `::a.b.c.d` in an IPv6 tree: files with the
    /// `::ffff:0:0/96` alias (MaxMind's, DB-IP's) answer the same either way, and files without it
    /// (hand-made test databases) answer only this way. The address goes in as a sockaddr:
    /// `MMDB_lookup_string` would parse text with getaddrinfo, slower and able to block on DNS.
    /// Measured (-O, one thread, a shared 2-core machine): 700,000–830,000 lookups a second with the
    /// DB-IP City Lite file (random IPv4 addresses, 86% found; the tree walk is about a third of
    /// the time, reading the record the rest), 1.5 million with a small test file.
    public func lookup(_ address: IPAddress) -> GeoIPRecord? {
        var status: Int32 = MMDB_SUCCESS
        let result: MMDB_lookup_result_s
        if address.isIPv4 {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_addr.s_addr = address.ipv4Bits.bigEndian
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &status) }
            }
        } else {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { raw in
                raw.storeBytes(of: address.high.bigEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: address.low.bigEndian, toByteOffset: 8, as: UInt64.self)
            }
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &status) }
            }
        }
        guard status == MMDB_SUCCESS else {
            // An IPv6 address in an IPv4-only database has no record; anything else is damage.
            if status != MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR { errors.add(1, ordering: .relaxed) }
            return nil
        }
        guard result.found_entry else { return nil }
        let (record, damaged) = reader.record(at: result.entry)
        if damaged { errors.add(1, ordering: .relaxed) }
        return record
    }

    /// Lookups since opening that met a damaged search tree or data section (each answered nil or
    /// a record without the unreadable fields); nonzero means the file should be replaced.
    public var lookupErrors: Int { errors.load(ordering: .relaxed) }

    /// Refuses a missing path, a directory or an empty file up front: libmaxminddb reports them
    /// as bare open or I/O errors, which do not tell the operator what to fix.
    private static func checkFile(_ path: String) throws(GeoIPError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw GeoIPError(code: .notFound, path: path, reason: "does not exist") }
            throw GeoIPError(code: .unreadable, path: path, reason: "cannot be read (\(String(cString: strerror(code))))")
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw GeoIPError(code: .unreadable, path: path, reason: "is a directory, not a .mmdb file")
        }
        // libmaxminddb cannot map an empty file and calls that an I/O error (EINVAL); it is a
        // truncated download or a placeholder, so say that.
        if status.st_size == 0 {
            throw GeoIPError(code: .invalidDatabase, path: path, reason: "is empty, not a MaxMind DB file")
        }
    }

    /// The error for an MMDB_open failure, worded by what the operator must fix.
    private static func openError(_ status: Int32, errno code: Int32, path: String) -> GeoIPError {
        let library = String(cString: MMDB_strerror(status))
        switch status {
        case MMDB_FILE_OPEN_ERROR, MMDB_IO_ERROR, MMDB_OUT_OF_MEMORY_ERROR:
            let cause = code == 0 ? library : String(cString: strerror(code))
            return GeoIPError(code: .unreadable, path: path, reason: "cannot be read (\(cause))")
        case MMDB_CORRUPT_SEARCH_TREE_ERROR, MMDB_INVALID_DATA_ERROR:
            return GeoIPError(code: .invalidDatabase, path: path, reason: "is a damaged MaxMind DB file (libmaxminddb: \(library))")
        default:
            return GeoIPError(code: .invalidDatabase, path: path, reason: "is not a MaxMind DB file (libmaxminddb: \(library))")
        }
    }

    /// Why an opened database cannot serve City lookups, or nil when it can (as far as metadata tells).
    private static func shapeProblem(_ metadata: GeoIPMetadata) -> String? {
        if metadata.ipVersion != 4 && metadata.ipVersion != 6 {
            return "has IP version \(metadata.ipVersion) in its metadata (4 or 6 expected)"
        }
        if metadata.namesLocationlessProduct {
            return "is a \"\(metadata.databaseType)\" database, which holds no locations"
        }
        return nil
    }
}
