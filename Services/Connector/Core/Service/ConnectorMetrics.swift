import CoreMetrics
import Metrics
import Prometheus

/// The connector's metrics (swift-metrics API, Prometheus exposition), per organisation.
///
/// Each connector instance owns its registry rather than bootstrapping the process-wide
/// metrics system, so tests can run several connectors in one process.
public final class ConnectorMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Makes an empty set of metrics.
    public init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Entries fetched from Slack.
    func entriesFetched(_ org: String, _ n: Int) {
        Counter(label: "palisade_connector_entries_fetched_total", dimensions: [("org", org)], factory: factory).increment(by: n)
    }

    /// Pages fetched from Slack.
    func pageFetched(_ org: String) {
        Counter(label: "palisade_connector_pages_total", dimensions: [("org", org)], factory: factory).increment()
    }

    /// A 429 from Slack.
    func rateLimited(_ org: String) {
        Counter(label: "palisade_connector_rate_limited_total", dimensions: [("org", org)], factory: factory).increment()
    }

    /// A failed Slack call, by error code.
    func slackError(_ org: String, code: String) {
        Counter(label: "palisade_connector_slack_errors_total", dimensions: [("org", org), ("code", code)], factory: factory).increment()
    }

    /// A window abandoned for holding more than `SyncSettings.windowLimit` entries (its
    /// pages are fetched again in shorter windows).
    func windowAbandoned(_ org: String) {
        Counter(label: "palisade_connector_windows_abandoned_total", dimensions: [("org", org)], factory: factory).increment()
    }

    /// A poll's re-read of its overlap cut short at `SyncSettings.overlapRereadLimit` entries
    /// already stored (the older part of the overlap was not read again).
    func overlapTruncated(_ org: String) {
        Counter(label: "palisade_connector_overlap_truncated_total", dimensions: [("org", org)], factory: factory).increment()
    }

    /// How far the stored log trails Slack: now − watermark, in seconds.
    func lag(_ org: String, seconds: Int64) {
        Gauge(label: "palisade_connector_lag_seconds", dimensions: [("org", org)], factory: factory).record(Double(max(0, seconds)))
    }

    /// Entries fetched but never queued for ingestion, by reason (`too_large`: bigger than any
    /// batch may be).
    func entriesSkipped(_ org: String, _ n: Int, reason: String) {
        guard n > 0 else { return }
        Counter(label: "palisade_connector_entries_skipped_total", dimensions: [("org", org), ("reason", reason)], factory: factory)
            .increment(by: n)
    }

    /// This machine's clock minus Slack's (its `Date` header), in seconds.
    func clockSkew(_ org: String, seconds: Int64) {
        Gauge(label: "palisade_connector_clock_skew_seconds", dimensions: [("org", org)], factory: factory).record(Double(seconds))
    }

    /// Entries delivered to ingestion (acknowledged).
    func entriesDelivered(_ n: Int) {
        Counter(label: "palisade_connector_entries_delivered_total", factory: factory).increment(by: n)
    }

    /// Whether the last call to ingestion failed (1) or succeeded (0); failed calls counted.
    func deliveryFailing(_ failing: Bool) {
        Gauge(label: "palisade_connector_delivery_failing", factory: factory).record(failing ? 1 : 0)
        if failing { Counter(label: "palisade_connector_delivery_failures_total", factory: factory).increment() }
    }

    /// Entries waiting in the outbox.
    func outboxEntries(_ n: Int64) {
        Gauge(label: "palisade_connector_outbox_entries", factory: factory).record(Double(n))
    }

    /// An entry ingestion refused for good, moved from the outbox to the dead-letter table.
    func deadLettered(_ org: String) {
        Counter(label: "palisade_connector_dead_lettered_total", dimensions: [("org", org)], factory: factory).increment()
    }

    /// Entries kept in the dead-letter table.
    func deadLetters(_ n: Int64) {
        Gauge(label: "palisade_connector_dead_letters", factory: factory).record(Double(n))
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
