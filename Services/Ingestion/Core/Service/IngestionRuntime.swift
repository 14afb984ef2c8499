import Logging
import PalisadeEnrichment
import PalisadeGeoIP
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import PalisadeWire
import ServiceLifecycle

/// `palisade-ingestion`'s parts: the activity log's store, the enricher (GeoIP database and IP
/// range catalogue), the Ingestion RPC service and the retention pruning.
public final class IngestionRuntime: ServiceRuntime {
    let store: ActivityStore
    let service: IngestionService
    private let retention: RetentionService
    private let geoipPath: String?

    /// Opens (or creates) the database, opens the GeoIP database and loads the catalogue.
    public init(configuration: IngestionConfiguration, logger: Logger) throws(StartupError) {
        do {
            store = try ActivityStore(path: configuration.database)
        } catch {
            throw StartupError(message: "cannot open the database 'database' \(configuration.database): \(error.message)")
        }
        var geoip: GeoIPDatabase?
        if let path = configuration.geoip.database {
            do {
                geoip = try GeoIPDatabase(path: path)
            } catch {
                store.close()
                throw StartupError(message: "'geoip.database': \(error.description)")
            }
        }
        geoipPath = configuration.geoip.database
        let table: IPRangeTable
        let last: UInt64
        do {
            table = try store.loadRangeTable()
            last = try store.lastSequence()
        } catch {
            store.close()
            throw StartupError(message: "cannot read the database 'database' \(configuration.database): \(error.message)")
        }
        let settings = IngestionSettings(retentionDays: configuration.retention.days)
        service = IngestionService(
            store: store, enricher: ActivityEnricher(geoip: geoip, table: table), signal: CommitSignal(last: last), settings: settings,
            counters: IngestionCounters())
        retention = RetentionService(store: store, days: settings.retentionDays, logger: logger)
    }

    public var rpcServices: [any RPCService] { [service] }
    public var services: [any Service] { [retention] }

    public var startMetadata: Logger.Metadata {
        ["database": "\(store.path)", "geoip": "\(geoipPath ?? "none")", "retentionDays": "\(service.settings.retentionDays)"]
    }

    public func renderMetrics() -> [UInt8] { service.counters.render(lastSequence: service.signal.last) }

    /// What `Ingest` stores for `batch`: its entries normalised, enriched with this runtime's
    /// GeoIP database and catalogue, and encoded; or `INVALID_ARGUMENT` naming the entry refused.
    /// For `palisade-bench`, which prepares rows once for its baseline and its store fills.
    public func records(for batch: IngestBatch) throws(RPCError) -> [ActivityRecord] {
        try service.prepare(batch)
    }

    /// Stores `records` as one `Ingest` batch would (one transaction, known ones skipped, the
    /// subscribers woken), without the RPC: how `palisade-bench` fills large stores. Returns how
    /// many were new.
    public func append(_ records: [ActivityRecord]) async throws(StorageError) -> Int {
        let result = try await store.append(records)
        service.signal.publish(result.lastSequence)
        return result.newRecords
    }

    /// Ends the `Subscribe` streams (UNAVAILABLE, "subscribe again after N") so the drain does
    /// not wait the grace period for them.
    public func beginShutdown() {
        service.signal.close()
    }

    /// Closes the database (and ends any subscription still open).
    public func close() {
        service.signal.close()
        store.close()
    }
}
