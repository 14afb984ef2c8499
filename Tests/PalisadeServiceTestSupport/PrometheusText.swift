/// Reads samples out of a `/metrics` body (the Prometheus text exposition format), for tests
/// that scrape a service.
public enum PrometheusText {
    /// The value of the first sample of metric `name` whose line contains `label` (any of its
    /// samples when nil), or nil when there is none.
    ///
    /// ```swift
    /// PrometheusText.value(of: "palisade_connector_pages_total", in: text, label: "E0123")
    /// ```
    public static func value(of name: String, in text: String, label: String? = nil) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            if let label, !line.contains(label) { continue }
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
        }
        return nil
    }
}
