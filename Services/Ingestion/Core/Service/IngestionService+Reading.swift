import Foundation
import PalisadeEnrichment
import PalisadeGeoIP
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeWire

extension IngestionService {
    /// `Query`: pages through the matches by (time, sequence), at most one page in memory.
    func query(_ query: ActivityQuery, writer: RPCWriter<Activity>) async throws {
        var filter = try ActivityFilter(query)
        var remaining = filter.limit ?? Int.max
        while remaining > 0 {
            let wanted = min(settings.pageSize, remaining)
            let page = try await store.queryPage(filter, limit: wanted)
            for stored in page {
                try await writer.write(lengthPrefixedBinary: stored.framed) { try stored.activity() }
            }
            counters.sent(page.count)
            remaining -= page.count
            // A short page is the last; otherwise continue after its last activity.
            guard page.count == wanted, let last = page.last else { return }
            filter.cursor = (last.time, Int64(last.sequence))
        }
    }

    /// `Subscribe`: everything after the request's sequence, then live. Reads a page, writes it
    /// (suspending while the subscriber is not reading), and waits for the next commit once
    /// caught up, so memory stays one page whatever the subscriber's pace.
    func subscribe(_ request: SubscribeRequest, writer: RPCWriter<Activity>) async throws {
        counters.subscriberStarted()
        defer { counters.subscriberEnded() }
        var after = request.afterSequence
        if let stored = try await store.storedRange(), after + 1 < stored.lowerBound {
            throw RPCError(
                .outOfRange,
                "activities after \(after) up to \(stored.lowerBound - 1) were pruned (retention); the lowest stored sequence is "
                    + "\(stored.lowerBound): subscribe after \(stored.lowerBound - 1) to continue from it")
        }
        while true {
            try Task.checkCancellation()
            let page = try await store.page(after: after, limit: settings.pageSize)
            for stored in page {
                try await writer.write(lengthPrefixedBinary: stored.framed) { try stored.activity() }
            }
            counters.sent(page.count)
            if let last = page.last { after = last.sequence }
            // Caught up: wait for the next commit, cancellation or the shutdown.
            if page.count < settings.pageSize { _ = await signal.wait(after: after) }
            // A shutdown ends a subscriber still reading its backlog too, at the next page.
            guard !signal.isClosed else {
                try Task.checkCancellation()
                throw RPCError(.unavailable, "ingestion is shutting down; subscribe again after \(after)")
            }
        }
    }

    /// `GetStats`.
    func stats() async throws -> IngestionStats {
        let figures = try await store.figures()
        var stats = IngestionStats(
            activities: figures.activities, firstSequence: figures.firstSequence, lastSequence: figures.lastSequence,
            firstTime: figures.firstTime.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            lastTime: figures.lastTime.map { Date(timeIntervalSince1970: TimeInterval($0)) }, databaseBytes: figures.databaseBytes,
            retentionDays: UInt32(clamping: settings.retentionDays))
        stats.unknownActions = figures.unknownActions.map {
            UnknownAction(
                action: $0.action, count: $0.count, firstSeen: Date(timeIntervalSince1970: TimeInterval($0.firstSeen) / 1_000_000),
                lastSeen: Date(timeIntervalSince1970: TimeInterval($0.lastSeen) / 1_000_000))
        }
        if let geoip = enricher.geoip {
            stats.geoipDatabase = "\(geoip.metadata.databaseType) \(geoip.path)"
            stats.geoipBuilt = geoip.metadata.buildDate
            if geoip.metadata.buildDate < Date().addingTimeInterval(-365 * 86_400) {
                stats.warnings.append(
                    "GeoIP database \(geoip.metadata.databaseType) was built \(Self.day(geoip.metadata.buildDate)), over a year ago: "
                        + "countries have moved since; point geoip.database at a newer GeoIP2-City .mmdb")
            }
        } else {
            stats.warnings.append("no GeoIP database is configured: activities get no location; set geoip.database (run `make geoip`)")
        }
        let table = enricher.table
        stats.ipRanges = UInt64(table.rangeCount)
        stats.ipNetworks = UInt64(table.networkCount)
        if !stats.unknownActions.isEmpty {
            let names = stats.unknownActions.prefix(5).map(\.action).joined(separator: ", ")
            stats.warnings.append(
                "\(stats.unknownActions.count) action(s) not in the shipped catalogue (Slack added them?): \(names); "
                    + "they are stored with category OTHER until a release knows them")
        }
        return stats
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
