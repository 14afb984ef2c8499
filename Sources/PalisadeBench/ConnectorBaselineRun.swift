import ConnectorCore
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeSlackSimulator

/// The baseline of `palisade-bench connector`: the backfill's pages fetched with
/// `SlackClient.auditLogs` alone (HTTPS, HTTP/2 and the page scan), one query over the whole
/// period following cursors, nothing stored or forwarded. The connector can be no faster than
/// this, so `entries_per_s / baseline_per_s` is the share of the fetch rate it keeps.
struct ConnectorBaselineRun {
    let caFile: String
    let baseURL: String
    let oldest: Int64
    let latest: Int64
    let pageSize: Int

    struct Result {
        var entries = 0
        var pages = 0
        var seconds = 0.0
    }

    func run() async throws -> Result {
        // A fresh client per run, as the measured run has, so both pay the TLS handshake.
        let http = try HTTPClient(configuration: .init(caFile: caFile, proxy: .direct))
        defer { http.shutdown() }
        let slack = SlackClient(http: http, configuration: .init(auditBaseURL: baseURL, webAPIBaseURL: baseURL, timeout: .seconds(60)))
        let token = SimulatorToken.development.value
        var result = Result()
        var cursor: String?
        let start = ContinuousClock.now
        while true {
            let page = try await slack.auditLogs(
                token: token, query: AuditQuery(oldest: oldest, latest: latest, limit: pageSize, cursor: cursor))
            result.pages += 1
            result.entries += page.page.entries.count
            if page.page.isLastPage { break }
            cursor = page.page.nextCursor
        }
        result.seconds = (ContinuousClock.now - start).seconds
        return result
    }
}
