import Foundation
import PalisadeGeoIP
import PalisadeMessages
import PalisadeNet
import Synchronization

/// Adds what Palisade knows about an activity's address: its GeoIP location and the category
/// and tags of the IP range catalogue (`activity.md`, "Context and enrichment").
///
/// Ingestion enriches every activity it stores with one; `palisade detect` enriches the entries
/// of a file with another, so both give the detections the same activities.
///
/// The catalogue is an immutable table swapped whole when ranges change, so lookups never lock
/// for long and a change applies to every activity enriched after the swap.
public final class ActivityEnricher: Sendable {
    /// The GeoIP database, when one is configured.
    public let geoip: GeoIPDatabase?
    private let ranges: Mutex<IPRangeTable>

    /// An enricher over `geoip` (none: activities get no location) and the catalogue `table`.
    public init(geoip: GeoIPDatabase?, table: IPRangeTable = .empty) {
        self.geoip = geoip
        self.ranges = Mutex(table)
    }

    /// The catalogue in use.
    public var table: IPRangeTable { ranges.withLock { $0 } }

    /// Replaces the catalogue; activities enriched from now on use `table`.
    public func replace(_ table: IPRangeTable) {
        ranges.withLock { $0 = table }
    }

    /// Fills `activity`'s location, IP category and tags for `address` (none when `nil`).
    public func enrich(_ activity: inout Activity, address: IPAddress?) {
        guard let address else { return }
        if let geoip, let record = geoip.lookup(address) {
            activity.location = ActivityLocation(
                country: record.country, subdivision: record.subdivision, city: record.city, latitude: record.latitude,
                longitude: record.longitude, accuracyRadiusKm: record.accuracyRadiusKm, databaseBuilt: geoip.metadata.buildDate)
        }
        let match = ranges.withLock { $0 }.lookup(address)
        activity.ipCategory = match.category
        activity.ipTags = match.tags
    }
}
