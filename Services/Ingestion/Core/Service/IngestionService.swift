import Foundation
import Logging
import PalisadeEnrichment
import PalisadeMessages
import PalisadeNormaliser
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import PalisadeWire
import Synchronization

/// `palisade.ingestion.v1.Ingestion`: takes the connector's entries into the activity log and
/// serves it (`Protocol/ingestion.md`).
final class IngestionService: RPCService {
    let store: ActivityStore
    let enricher: ActivityEnricher
    let signal: CommitSignal
    let normaliser: EntryNormaliser
    let counters: IngestionCounters
    let settings: IngestionSettings
    let catalogue: RangeCatalogue

    init(store: ActivityStore, enricher: ActivityEnricher, signal: CommitSignal, settings: IngestionSettings, counters: IngestionCounters) {
        self.store = store
        self.enricher = enricher
        self.catalogue = RangeCatalogue(store: store, enricher: enricher)
        self.signal = signal
        self.normaliser = EntryNormaliser()
        self.settings = settings
        self.counters = counters
    }

    var routes: [RPCRoute] {
        [
            .clientStreaming(IngestionAPI.ingest) { [self] batches, _ in try await ingest(batches) },
            .serverStreaming(IngestionAPI.query) { [self] request, writer, _ in try await query(request, writer: writer) },
            .serverStreaming(IngestionAPI.subscribe) { [self] request, writer, _ in try await subscribe(request, writer: writer) },
            .unary(IngestionAPI.getStats) { [self] _, _ in try await stats() },
        ] + rangeRoutes
    }

    /// `Ingest`: stores each batch in its own transaction as it arrives and answers once all are
    /// committed. Nothing is acknowledged on an error; what was committed stays (and is known
    /// the next time, so the resend costs nothing twice).
    ///
    /// Batch N commits while batch N + 1 is normalised, so one stream keeps the writer and a
    /// core of normalising busy at once; commits stay in the stream's order (N + 1's append
    /// starts only after N's has committed), and an error is answered only once the commit in
    /// flight has settled.
    func ingest(_ batches: RPCMessages<IngestBatch>) async throws -> IngestSummary {
        var summary = IngestSummary()
        var inFlight: (commit: Task<ActivityStore.AppendResult, any Error>, batch: IngestBatch, count: Int)?
        func settle(_ pending: (commit: Task<ActivityStore.AppendResult, any Error>, batch: IngestBatch, count: Int)) async throws {
            let result = try await pending.commit.value
            signal.publish(result.lastSequence)
            counters.stored(entries: pending.count, new: result.newRecords)
            summary.batches += 1
            summary.entries += UInt64(pending.batch.entries.count)
            summary.newEntries += UInt64(result.newRecords)
            summary.lastBatchID = pending.batch.batchID
        }
        do {
            for try await batch in batches {
                guard !batch.orgID.isEmpty else { throw RPCError(.invalidArgument, "batch \(batch.batchID): orgID is empty") }
                let records = try prepare(batch)
                if let pending = inFlight {
                    inFlight = nil
                    try await settle(pending)
                }
                let store = self.store
                inFlight = (Task { try await store.append(records) }, batch, records.count)
            }
            if let pending = inFlight {
                inFlight = nil
                try await settle(pending)
            }
        } catch {
            _ = try? await inFlight?.commit.value
            throw error
        }
        return summary
    }

    /// Normalises, enriches and encodes a batch's entries, or refuses the batch naming the entry.
    func prepare(_ batch: IngestBatch) throws(RPCError) -> [ActivityRecord] {
        var records: [ActivityRecord] = []
        records.reserveCapacity(batch.entries.count)
        for (index, entry) in batch.entries.enumerated() {
            do {
                var normalised = try normaliser.normalise(entry, orgID: batch.orgID)
                enricher.enrich(&normalised.activity, address: normalised.address)
                records.append(try ActivityRecord(normalised.activity, address: normalised.address))
            } catch let refusal as EntryRefusal {
                counters.refused()
                throw RPCError(.invalidArgument, "batch \(batch.batchID) entry \(index): \(refusal.reason)")
            } catch {
                throw RPCError(.internalError, "batch \(batch.batchID) entry \(index): cannot encode its activity: \(error)")
            }
        }
        return records
    }
}
