/// Why a GeoIP database cannot be used, in words an operator can act on (the path, what is wrong,
/// what to do).
public struct GeoIPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for code that reacts differently to each.
    public enum Code: Sendable, Equatable {
        /// Nothing exists at the path.
        case notFound
        /// The path exists but cannot be read (permissions, a directory, an I/O error).
        case unreadable
        /// The file is not a MaxMind DB file, or a damaged one.
        case invalidDatabase
        /// A valid MaxMind DB file that cannot hold locations (an ASN or ISP database, an odd IP version).
        case wrongShape
    }

    /// The kind of failure.
    public let code: Code
    /// The database path as it was given.
    public let path: String
    /// What is wrong, e.g. "is not a MaxMind DB file (libmaxminddb: …)".
    public let reason: String

    /// Makes an error; ``description`` adds the path and the advice.
    public init(code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `GeoIP database <path> <reason>; <advice>`: the advice is the same for every code because the
    /// remedy is: give the service a readable City-shaped file.
    public var description: String {
        "GeoIP database \(path) \(reason); point geoip.database at a GeoIP2-City-shaped .mmdb file "
            + "(DB-IP City Lite, GeoLite2-City, GeoIP2-City) or run `make geoip` for the default one"
    }
}
