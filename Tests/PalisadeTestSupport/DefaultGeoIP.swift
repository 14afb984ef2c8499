import Foundation

/// The default GeoIP database (`make geoip`: DB-IP City Lite 2023-04), where every test that
/// locates activities finds it.
public enum DefaultGeoIP {
    /// Where Scripts/fetch-geoip.sh puts the file: `$PALISADE_GEOIP_CACHE`, else
    /// `${XDG_CACHE_HOME:-$HOME/.cache}/palisade/geoip`.
    public static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let cache =
            environment["PALISADE_GEOIP_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(NSHomeDirectory())/.cache")/palisade/geoip"
        return "\(cache)/dbip-city-lite-2023-04.mmdb"
    }

    /// What to say when the file is missing.
    public static var missing: String {
        "the default GeoIP database is not at \(path): run `make geoip` (Scripts/fetch-geoip.sh) once, online"
    }
}
