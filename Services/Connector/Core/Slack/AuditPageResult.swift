/// A successful `GET /audit/v1/logs` call: the body as received and the page found in it.
///
/// Each entry's ``ScannedEntry/bytes`` indexes into ``body``, so entries can be forwarded
/// exactly as Slack sent them.
public struct AuditPageResult: Sendable {
    /// The response body, unchanged.
    public var body: [UInt8]
    /// The entries and next cursor found in ``body``.
    public var page: AuditPage
    /// Slack's clock when it answered (the `Date` header, Unix seconds), if it sent one: the
    /// connector's watermarks come from its own clock, so the two are compared.
    public var serverDate: Int64?

    /// Creates a result; the client does this, tests and fakes may too.
    public init(body: [UInt8], page: AuditPage, serverDate: Int64? = nil) {
        self.body = body
        self.page = page
        self.serverDate = serverDate
    }

    /// The raw JSON object of `entry`, a slice of ``body``.
    public func json(of entry: ScannedEntry) -> ArraySlice<UInt8> {
        body[entry.bytes]
    }
}
