import Synchronization

/// The figures `/metrics` shows, counted as the service works.
final class IngestionCounters: Sendable {
    private let entries = Atomic<Int>(0)
    private let newEntries = Atomic<Int>(0)
    private let refusedEntries = Atomic<Int>(0)
    private let subscribers = Atomic<Int>(0)
    private let streamed = Atomic<Int>(0)

    func stored(entries count: Int, new: Int) {
        entries.add(count, ordering: .relaxed)
        newEntries.add(new, ordering: .relaxed)
    }

    func refused() { refusedEntries.add(1, ordering: .relaxed) }
    func subscriberStarted() { subscribers.add(1, ordering: .relaxed) }
    func subscriberEnded() { subscribers.subtract(1, ordering: .relaxed) }
    func sent(_ count: Int) { streamed.add(count, ordering: .relaxed) }

    /// The Prometheus text of the counters.
    func render(lastSequence: UInt64) -> [UInt8] {
        let lines = [
            "# HELP palisade_ingestion_entries_received_total Entries received through Ingest, known ones included.",
            "# TYPE palisade_ingestion_entries_received_total counter",
            "palisade_ingestion_entries_received_total \(entries.load(ordering: .relaxed))",
            "# HELP palisade_ingestion_activities_stored_total Activities stored for the first time.",
            "# TYPE palisade_ingestion_activities_stored_total counter",
            "palisade_ingestion_activities_stored_total \(newEntries.load(ordering: .relaxed))",
            "# HELP palisade_ingestion_entries_refused_total Entries refused as invalid (INVALID_ARGUMENT).",
            "# TYPE palisade_ingestion_entries_refused_total counter",
            "palisade_ingestion_entries_refused_total \(refusedEntries.load(ordering: .relaxed))",
            "# HELP palisade_ingestion_last_sequence The highest sequence committed.",
            "# TYPE palisade_ingestion_last_sequence gauge",
            "palisade_ingestion_last_sequence \(lastSequence)",
            "# HELP palisade_ingestion_subscribers Subscribe streams open now.",
            "# TYPE palisade_ingestion_subscribers gauge",
            "palisade_ingestion_subscribers \(subscribers.load(ordering: .relaxed))",
            "# HELP palisade_ingestion_activities_streamed_total Activities sent on Subscribe and Query streams.",
            "# TYPE palisade_ingestion_activities_streamed_total counter",
            "palisade_ingestion_activities_streamed_total \(streamed.load(ordering: .relaxed))",
        ]
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }
}

/// What the service's parts need from the configuration.
struct IngestionSettings: Sendable {
    /// Days activities are kept.
    var retentionDays: Int = 180
    /// Activities read from the store per page of a `Subscribe` or `Query` stream: the most a
    /// stream holds in memory.
    var pageSize: Int = 500
}
