/// One page of `GET /audit/v1/logs`, as found by ``AuditPageScanner``.
///
/// The entries are not decoded: each one is a byte range into the response body, so the
/// connector can forward Slack's JSON unchanged (unknown fields and all) without re-encoding it.
public struct AuditPage: Sendable, Equatable {
    /// The elements of the body's `entries` array, in the order Slack sent them (newest first).
    public var entries: [ScannedEntry]
    /// `response_metadata.next_cursor`: the cursor for the next page, `""` when there is none.
    public var nextCursor: String

    /// Creates a page; the scanner does this, tests and fakes may too.
    public init(entries: [ScannedEntry], nextCursor: String) {
        self.entries = entries
        self.nextCursor = nextCursor
    }

    /// Whether Slack said there are no more pages.
    public var isLastPage: Bool { nextCursor.isEmpty }
}

/// One audit entry: the two fields the connector needs to de-duplicate and order entries, and
/// where the entry's JSON object lies in the response body.
public struct ScannedEntry: Sendable, Hashable {
    /// The entry's top-level `id`, unique per event; never empty.
    public var id: String
    /// The entry's top-level `date_create`, Unix seconds.
    public var dateCreate: Int64
    /// The byte range of the entry's JSON object (from its `{` to its `}`, inclusive) in the body.
    public var bytes: Range<Int>

    /// Creates an entry; the scanner does this, tests and fakes may too.
    public init(id: String, dateCreate: Int64, bytes: Range<Int>) {
        self.id = id
        self.dateCreate = dateCreate
        self.bytes = bytes
    }
}

/// What a syntactically valid `GET /audit/v1/logs` body says: a page, or Slack's error.
public enum AuditPageScan: Sendable, Equatable {
    /// A success body: `{"entries": [...], "response_metadata": {"next_cursor": "..."}}`.
    case page(AuditPage)
    /// An error body, `{"ok": false, "error": "<code>"}`; `code` is Slack's error code,
    /// e.g. `invalid_cursor`.
    case slackError(code: String)
}
