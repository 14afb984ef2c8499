import Foundation
import PalisadeMessages

/// One row of the `connections` table: a connected Slack organisation and where its sync stands.
public struct ConnectionRecord: Sendable, Equatable {
    /// The connector's id for the connection (`conn_…`).
    public var id: String
    /// The Slack Enterprise organisation id (`E…`).
    public var orgID: String
    /// The organisation's name, as `auth.test` reported it.
    public var orgName: String
    /// `token`, `oauth` or `oauth+rotation`.
    public var credential: String
    /// Where the connection stands.
    public var state: ConnectionState
    /// The last error a person should see; empty after a success.
    public var lastError: String
    /// When polling resumes after a 429 (Unix seconds).
    public var rateLimitedUntil: Int64?
    /// When a window was last stored (Unix seconds).
    public var lastSuccess: Int64?
    /// The oldest second of the backfill.
    public var backfillStart: Int64
    /// The second the backfill runs up to (when the connection was added).
    public var backfillEnd: Int64
    /// Every entry dated at or before this second has been fetched and stored.
    public var watermark: Int64
    /// Entries fetched over the connection's life.
    public var entriesFetched: Int64
    /// Pages fetched over the connection's life.
    public var pages: Int64
    /// When the connection was added (Unix seconds).
    public var createdAt: Int64

    /// Whether the history window is fully stored.
    public var backfillDone: Bool { watermark >= backfillEnd }

    /// Share of the backfill window stored, 0…100.
    public var backfillPercent: Double {
        let span = backfillEnd - backfillStart + 1
        guard span > 0 else { return 100 }
        return min(100, max(0, Double(watermark - backfillStart + 1) / Double(span) * 100))
    }

    /// The line `palisade connections` shows.
    public var statusText: String {
        switch state {
        case .backfilling: return "Backfilling \(Int(backfillPercent.rounded(.down)))%"
        case .connected: return "Connected"
        case .rateLimited:
            let until =
                rateLimitedUntil.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval($0))) } ?? "later"
            return "Rate limited until \(until)"
        case .retrying: return "Retrying: \(lastError)"
        case .error: return "Error: \(lastError)"
        case .waiting: return "Waiting for ingestion: \(lastError)"
        case .unknown: return "Unknown"
        }
    }

    /// The record as the RPC reports it, with the counts of its entries in the outbox and in the
    /// dead-letter table, and the clock skew its worker last measured, filled in by the caller.
    public func info(pending: Int64, deadLettered: Int64 = 0, clockSkew: Int64 = 0) -> ConnectionInfo {
        ConnectionInfo(
            id: id, orgID: orgID, orgName: orgName, state: state, statusText: statusText,
            backfillPercent: backfillPercent, lastSuccess: lastSuccess.map(Self.date), lastError: lastError,
            rateLimitedUntil: rateLimitedUntil.map(Self.date), entriesFetched: UInt64(max(0, entriesFetched)),
            entriesPending: UInt64(max(0, pending)), watermark: Self.date(watermark), created: Self.date(createdAt),
            credential: credential, entriesDeadLettered: UInt64(max(0, deadLettered)), clockSkewSeconds: clockSkew)
    }

    private static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

/// A connection's Slack credentials, decrypted (held in memory only while used).
public struct SlackCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The access token (`xoxp-…` or `xoxe.xoxp-…`).
    public var accessToken: String
    /// The single-use refresh token of a rotating grant.
    public var refreshToken: String?
    /// When the access token expires (Unix seconds), for rotating grants.
    public var expiresAt: Int64?

    /// Makes credentials.
    public init(accessToken: String, refreshToken: String? = nil, expiresAt: Int64? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    /// Never the tokens themselves.
    public var description: String {
        "SlackCredentials(rotating: \(refreshToken != nil), expiresAt: \(expiresAt.map(String.init) ?? "never"))"
    }
}
