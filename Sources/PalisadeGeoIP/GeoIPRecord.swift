/// What a GeoIP database says about one address: the GeoIP2 City fields Palisade uses.
///
/// Every field is optional because databases differ (DB-IP Lite has no accuracy radius, a
/// country database has no city) and a record may be partial; a value of the wrong type counts as
/// absent. Nothing is guessed: a missing radius stays missing (detection applies its own default).
public struct GeoIPRecord: Sendable, Equatable {
    /// ISO 3166-1 alpha-2 country code (`country.iso_code`), e.g. "GB".
    public let country: String?
    /// English name of the first, largest subdivision (`subdivisions[0].names.en`), e.g. "England".
    public let subdivision: String?
    /// English city name as the database writes it (`city.names.en`); DB-IP adds a district in parentheses.
    public let city: String?
    /// Degrees north (`location.latitude`); present exactly when ``longitude`` is.
    public let latitude: Double?
    /// Degrees east (`location.longitude`); present exactly when ``latitude`` is.
    public let longitude: Double?
    /// Kilometres around the coordinates within which the database is 67% confident
    /// (`location.accuracy_radius`); only when the database has one.
    public let accuracyRadiusKm: UInt32?

    /// Makes a record; latitude and longitude are kept only as a pair.
    public init(
        country: String? = nil, subdivision: String? = nil, city: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        accuracyRadiusKm: UInt32? = nil
    ) {
        self.country = country
        self.subdivision = subdivision
        self.city = city
        // One coordinate without the other is no position at all; dropping both keeps distance
        // computations from inventing one.
        let pair = latitude != nil && longitude != nil
        self.latitude = pair ? latitude : nil
        self.longitude = pair ? longitude : nil
        self.accuracyRadiusKm = accuracyRadiusKm
    }
}
