import Foundation

/// Country facts for detections: names for explanations, land borders for impossible travel.
public enum Countries {
    /// Both orders of every bordering pair, built once.
    private static let borders: Set<String> = {
        var set = Set<String>()
        for pair in CountryTable.borderPairs {
            let parts = pair.split(separator: ":")
            set.insert("\(parts[0]):\(parts[1])")
            set.insert("\(parts[1]):\(parts[0])")
        }
        return set
    }()

    /// Whether `a` and `b` (ISO codes, any case) share a land border.
    public static func border(_ a: String, _ b: String) -> Bool {
        borders.contains("\(a.uppercased()):\(b.uppercased())")
    }

    /// The same country, or two that share a land border: never impossible travel.
    public static func sameOrBordering(_ a: String, _ b: String) -> Bool {
        // Codes come upper case from GeoIP: the plain comparison settles almost every pair.
        a == b || a.caseInsensitiveCompare(b) == .orderedSame || border(a, b)
    }

    /// The English short name of `code` ("BR" → "Brazil"), or the code itself when unknown.
    public static func name(_ code: String) -> String {
        CountryTable.names[code.uppercased()] ?? code
    }
}

/// Great-circle distances (geoip.md §4.1).
public enum GeoDistance {
    /// The IUGG mean Earth radius in km.
    public static let earthRadiusKm = 6371.0088

    /// The haversine distance in km between two points given in degrees.
    public static func km(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let h = pow(sin(dLat / 2), 2) + cos(lat1 * radians) * cos(lat2 * radians) * pow(sin(dLon / 2), 2)
        // min(1, …): rounding can push h a hair over 1 for antipodal points, and asin would be NaN.
        return 2 * earthRadiusKm * asin(min(1, h.squareRoot()))
    }
}
