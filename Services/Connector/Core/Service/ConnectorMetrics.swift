import Prometheus

/// The connector's metrics (Prometheus exposition, with `# HELP` lines), per organisation.
///
/// Each connector instance owns its registry rather than bootstrapping the process-wide
/// metrics system, so tests can run several connectors in one process.
public final class ConnectorMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry

    /// Makes an empty set of metrics.
    public init() {
        registry = PrometheusCollectorRegistry()
    }

    // The whole name is the metric name (no unit part): the names are fixed in the docs.

    private func counter(_ name: String, _ labels: [(String, String)] = [], help: String) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    private func gauge(_ name: String, _ labels: [(String, String)] = [], help: String) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// Entries fetched from Slack.
    func entriesFetched(_ org: String, _ n: Int) {
        counter(
            "palisade_connector_entries_fetched_total", [("org", org)],
            help: "Entries received from Slack, page by page: the overlap re-read and windows fetched again count each time "
                + "(the FETCHED column of palisade connections counts each entry stored once)"
        ).increment(by: Int64(n))
    }

    /// Pages fetched from Slack.
    func pageFetched(_ org: String) {
        counter("palisade_connector_pages_total", [("org", org)], help: "Audit log pages received from Slack").increment()
    }

    /// A 429 from Slack.
    func rateLimited(_ org: String) {
        counter("palisade_connector_rate_limited_total", [("org", org)], help: "429 answers from Slack").increment()
    }

    /// A failed Slack call, by error code.
    func slackError(_ org: String, code: String) {
        counter("palisade_connector_slack_errors_total", [("org", org), ("code", code)], help: "Failed Slack calls, by error code")
            .increment()
    }

    /// A window abandoned for holding more than `SyncSettings.windowLimit` entries (its
    /// pages are fetched again in shorter windows).
    func windowAbandoned(_ org: String) {
        counter(
            "palisade_connector_windows_abandoned_total", [("org", org)],
            help: "Windows given up for holding too many entries (fetched again in shorter windows)"
        ).increment()
    }

    /// A poll's re-read of its overlap cut short at `SyncSettings.overlapRereadLimit` entries
    /// already stored (the older part of the overlap was not read again).
    func overlapTruncated(_ org: String) {
        counter(
            "palisade_connector_overlap_truncated_total", [("org", org)],
            help: "Overlap re-reads cut short after as many already-stored entries as allowed"
        ).increment()
    }

    /// How far the stored log trails Slack: now − watermark, in seconds.
    func lag(_ org: String, seconds: Int64) {
        gauge(
            "palisade_connector_lag_seconds", [("org", org)],
            help: "Seconds the stored audit log trails now (now minus the watermark), read at each scrape"
        ).set(to: Double(max(0, seconds)))
    }

    /// Entries fetched but never queued for ingestion, by reason (`too_large`: bigger than any
    /// batch may be).
    func entriesSkipped(_ org: String, _ n: Int, reason: String) {
        guard n > 0 else { return }
        counter(
            "palisade_connector_entries_skipped_total", [("org", org), ("reason", reason)],
            help: "Entries fetched but never queued for ingestion, by reason (too_large: bigger than any batch)"
        ).increment(by: Int64(n))
    }

    /// This machine's clock minus Slack's (its `Date` header), in seconds.
    func clockSkew(_ org: String, seconds: Int64) {
        gauge(
            "palisade_connector_clock_skew_seconds", [("org", org)],
            help: "This machine's clock minus Slack's Date header, seconds, at the last page"
        ).set(to: Double(seconds))
    }

    /// Entries delivered to ingestion (acknowledged).
    func entriesDelivered(_ n: Int) {
        counter("palisade_connector_entries_delivered_total", help: "Entries ingestion acknowledged").increment(by: Int64(n))
    }

    /// Whether the last call to ingestion failed (1) or succeeded (0); failed calls counted.
    func deliveryFailing(_ failing: Bool) {
        gauge("palisade_connector_delivery_failing", help: "1 while the last call to ingestion failed, else 0").set(to: failing ? 1.0 : 0.0)
        if failing { counter("palisade_connector_delivery_failures_total", help: "Failed calls to ingestion").increment() }
    }

    /// Entries waiting in the outbox.
    func outboxEntries(_ n: Int64) {
        gauge("palisade_connector_outbox_entries", help: "Entries waiting for ingestion, read at each scrape").set(to: Double(n))
    }

    /// An entry ingestion refused for good, moved from the outbox to the dead-letter table.
    func deadLettered(_ org: String) {
        counter(
            "palisade_connector_dead_lettered_total", [("org", org)],
            help: "Entries ingestion refused for good, moved to the dead-letter table"
        ).increment()
    }

    /// Entries kept in the dead-letter table.
    func deadLetters(_ n: Int64) {
        gauge("palisade_connector_dead_letters", help: "Entries kept in the dead-letter table, read at each scrape").set(to: Double(n))
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
