import Foundation
import PalisadeGeoIP
import PalisadeMessages
import PalisadeNet
import Synchronization

/// Adds what ingestion knows about an activity's address: its GeoIP location and the category
/// and tags of the IP range catalogue (`activity.md`, "Context and enrichment").
///
/// The catalogue is an immutable table swapped whole when ranges change, so lookups never lock
/// for long and a change applies to every activity enriched after the swap.
final class ActivityEnricher: Sendable {
    /// The GeoIP database, when one is configured.
    let geoip: GeoIPDatabase?
    private let ranges: Mutex<IPRangeTable>

    /// An enricher over `geoip` and the catalogue `table`.
    init(geoip: GeoIPDatabase?, table: IPRangeTable = .empty) {
        self.geoip = geoip
        self.ranges = Mutex(table)
    }

    /// The catalogue in use.
    var table: IPRangeTable { ranges.withLock { $0 } }

    /// Replaces the catalogue; activities enriched from now on use `table`.
    func replace(_ table: IPRangeTable) {
        ranges.withLock { $0 = table }
    }

    /// Fills `activity`'s location, IP category and tags for `address` (none when `nil`).
    func enrich(_ activity: inout Activity, address: IPAddress?) {
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
