import Logging
import PalisadeMessages
import PalisadeService
import Synchronization

extension ConnectionWorker {
    /// Fetches every page of one window, newest first as Slack serves them, and returns the
    /// entries oldest first. Waits out 429s and retryable failures (same cursor, so nothing is
    /// skipped), restarts the window on `invalid_cursor`, refreshes rotating tokens, and throws
    /// `Stop` for what a person must fix. With a `limit`, a window found to hold more entries
    /// newer than the record's watermark is abandoned with `WindowTooLarge` before the rest of
    /// it is read. (A poll's re-read overlap does not count there: shrinking the window would
    /// not make it smaller.)
    ///
    /// A poll's re-read overlap is bounded on its own: entries the store has seen are dropped as
    /// their page arrives (only the late ones are held), and once `overlapRereadLimit` of them
    /// were read the re-read stops (`overlap_truncated`), so a burst does not cost every poll of
    /// the next overlap window its whole size again in Slack calls.
    func fetchWindow(
        _ record: ConnectionRecord, oldest: Int64, latest: Int64, backfill: Bool, limit: Int?,
        logger: Logger
    ) async throws -> FetchedWindow {
        var credentials = try await env.store.credentials(id)
        var cursor: String?
        // The window's upper bound for the next request; lowered when paging resumes after a
        // lost cursor.
        var queryLatest = latest
        var window = WindowEntries(oldest: oldest, latest: latest, watermark: record.watermark)
        var pages = 0
        var failures = 0
        var cursorRestarts = 0
        // Lowered for the rest of this window when a page is over the HTTP client's response
        // limit; the next window starts from the configured size again.
        var pageSize = env.settings.pageSize
        // A connection left Retrying (or Rate limited) by an earlier step shows its healthy state
        // again only once a page has actually arrived.
        var degraded = record.state != (backfill ? .backfilling : .connected)
        let org = record.orgID
        while true {
            try Task.checkCancellation()
            do {
                credentials = try await refreshIfNeeded(credentials, force: false)
                let query = AuditQuery(oldest: oldest, latest: queryLatest, limit: pageSize, cursor: cursor)
                let result = try await env.slack.auditLogs(token: credentials.accessToken, query: query)
                failures = 0
                pages += 1
                noteClockSkew(slackDate: result.serverDate, org: org, logger: logger)
                env.metrics.pageFetched(org)
                env.metrics.entriesFetched(org, result.page.entries.count)
                let overlap = window.overlapIDs(result.page)
                window.add(result, seen: overlap.isEmpty ? [] : try await env.store.seenIDs(id, among: overlap))
                if degraded {
                    degraded = false
                    try await env.store.setState(id, backfill ? .backfilling : .connected)
                }
                if result.page.isLastPage { break }
                if let limit, window.newer > limit, let reached = window.reached {
                    throw WindowTooLarge(fetched: window.newer, covered: latest - max(reached, record.watermark + 1) + 1)
                }
                if window.reread > 0, window.reread >= env.settings.overlapRereadLimit {
                    noteOverlapTruncated(window, org: org, logger: logger)
                    break
                }
                cursor = result.page.nextCursor
            } catch let error as SlackAPIError {
                env.metrics.slackError(org, code: error.code)
                switch error {
                case .rateLimited(let wait):
                    env.metrics.rateLimited(org)
                    let until = env.now().plusSaturating(max(1, wait.components.seconds))
                    try await env.store.setState(id, .rateLimited, error: "Slack answered 429 (rate limited)", rateLimitedUntil: until)
                    degraded = true
                    // Retry-After is held to SlackAPIError.retryAfterRange; an operator's `Sync`
                    // still ends the wait (one request, and a new 429 waits again).
                    await wakeup.wait(timeout: wait)
                    try Task.checkCancellation()
                case .invalidCursor:
                    // Slack no longer knows the cursor. Resume without one from the oldest second
                    // fetched so far (entries of that second come again and are dropped by id);
                    // restarting the whole window instead could loop forever on long windows.
                    cursorRestarts += 1
                    cursor = nil
                    if let reached = window.reached, reached < queryLatest {
                        queryLatest = reached
                    } else {
                        logger.notice(
                            "invalid_cursor without progress: waiting before resuming", metadata: ["restarts": "\(cursorRestarts)"])
                        try await Task.sleep(for: env.settings.backoff(afterFailures: cursorRestarts))
                    }
                case .invalidRange where backfill:
                    // Before audit logs were enabled for the org: there is nothing to fetch there.
                    logger.notice(
                        "invalid_range for a backfill window: skipping it", metadata: ["oldest": "\(oldest)", "latest": "\(latest)"])
                    return FetchedWindow(entries: [], pages: pages, newer: 0, reread: 0)
                case .auth(code: "token_expired") where credentials.refreshToken != nil:
                    credentials = try await refreshIfNeeded(credentials, force: true)
                case .tooLarge:
                    // The same query would fail the same way forever: ask for a quarter of the
                    // entries (same cursor, so nothing is skipped) until a page fits.
                    guard pageSize > 1 else {
                        throw Stop(message: "a single audit entry is larger than the response limit (\(error.message))")
                    }
                    pageSize = max(1, pageSize / 4)
                    logger.warning("audit page over the response limit; asking for smaller pages", metadata: ["page_size": "\(pageSize)"])
                case .cancelled:
                    throw CancellationError()
                default:
                    guard error.isRetryable || error == .invalidRange else { throw Stop(message: Self.explain(error)) }
                    failures += 1
                    degraded = true
                    try await env.store.setState(id, .retrying, error: error.message)
                    let wait = env.settings.backoff(afterFailures: failures)
                    logger.warning("Slack call failed; retrying", metadata: ["error": "\(error.code)", "wait": "\(wait)"])
                    // An operator's `Sync` ends the wait early (Slack is back, retry now).
                    await wakeup.wait(timeout: wait)
                    try Task.checkCancellation()
                }
            }
        }
        return FetchedWindow(entries: window.finish(), pages: pages, newer: window.newer, reread: window.reread)
    }

    /// The re-read of the overlap stopped at `overlapRereadLimit` entries already stored: the
    /// older part of the overlap is not read again, so an entry Slack publishes late with a date
    /// in it would be missed. Logged and counted, so an operator sees how often that happens.
    private func noteOverlapTruncated(_ window: WindowEntries, org: String, logger: Logger) {
        env.metrics.overlapTruncated(org)
        logger.notice(
            "overlap re-read cut short: a burst of stored entries fills it; older seconds of it are not read again this poll",
            metadata: [
                "reread": "\(window.reread)", "limit": "\(env.settings.overlapRereadLimit)",
                "not_reread_seconds": "\(max(0, (window.reached ?? window.oldest) - window.oldest))",
            ])
    }

    /// Compares this machine's clock with Slack's (its `Date` header, whole seconds). The
    /// watermarks come from this clock: one running ahead would skip entries Slack has not
    /// published yet for its own "now". Recorded as a metric; over 5 s, also a warning.
    func noteClockSkew(slackDate: Int64?, org: String, logger: Logger) {
        guard let slackDate else { return }
        let now = env.now()
        let skew = now - slackDate
        env.metrics.clockSkew(org, seconds: skew)
        lastClockSkew.withLock { $0 = skew }
        guard abs(skew) > 5 else { return }
        let due = skewWarnedAt.withLock { last -> Bool in
            guard now - last >= 600 else { return false }
            last = now
            return true
        }
        if due {
            logger.warning(
                "this machine's clock differs from Slack's; entries may be missed while it runs ahead: fix the time (NTP)",
                metadata: ["skew_seconds": "\(skew)"])
        }
    }

    /// A fetched window: its entries oldest first (late ones from the re-read overlap
    /// included), the pages it took, how many of the entries are newer than the record's
    /// watermark, and how many entries of the overlap were read again and dropped as stored.
    struct FetchedWindow {
        let entries: [FetchedEntry]
        let pages: Int
        let newer: Int
        let reread: Int
    }

    /// A window holding more entries than `SyncSettings.windowLimit`: `fetched` of them were
    /// read, dated within the window's newest `covered` seconds.
    struct WindowTooLarge: Error {
        let fetched: Int
        let covered: Int64
    }

    /// Refreshes a rotating token that expires within the margin (or at once with `force`),
    /// storing the new pair before it is used.
    private func refreshIfNeeded(_ credentials: SlackCredentials, force: Bool) async throws -> SlackCredentials {
        guard let refreshToken = credentials.refreshToken, let expiresAt = credentials.expiresAt else { return credentials }
        guard force || expiresAt - env.now() <= env.settings.refreshMargin else { return credentials }
        guard let oauth = env.oauth else {
            throw Stop(message: "the token rotates but no Slack app credentials are configured (slack.clientId, slack.clientSecretFile)")
        }
        let grant: OAuthGrant
        do {
            grant = try await env.slack.refresh(clientID: oauth.clientID, clientSecret: oauth.clientSecret, refreshToken: refreshToken)
        } catch {
            // Retryable failures go back to the page loop, which waits and tries again.
            if error.isRetryable || error == .cancelled { throw error }
            throw Stop(
                message:
                    "refreshing the rotating token failed (\(error.code)): \(error.message); reconnect with `palisade connect slack --oauth`"
            )
        }
        let fresh = SlackCredentials(
            accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? refreshToken,
            expiresAt: grant.expiresIn.map { env.now().plusSaturating(Int64(max($0, 0))) })
        try await saveRefreshed(fresh)
        env.logger.info("rotating token refreshed", metadata: ["connection": "\(id)"])
        return fresh
    }

    /// Stores a refreshed pair, retrying until it is stored: Slack has spent the old refresh
    /// token, so this pair is the only way back in, and dropping it on a failed write (disk
    /// full, busy) would end in `invalid_refresh_token` once Slack's grace is over.
    private func saveRefreshed(_ fresh: SlackCredentials) async throws {
        var failures = 0
        while true {
            do {
                try await env.store.saveCredentials(id, fresh)
                return
            } catch {
                failures += 1
                let wait = env.settings.backoff(afterFailures: failures)
                env.logger.error(
                    "cannot store the refreshed token pair; keeping it and retrying",
                    metadata: ["connection": "\(id)", "error": "\(error)", "wait": "\(wait)"])
                try await Task.sleep(for: wait)
            }
        }
    }

    /// The sentence `palisade connections` shows for an error that stops polling.
    static func explain(_ error: SlackAPIError) -> String {
        switch error {
        case .invalidToken, .auth:
            return
                "Slack rejected the token (\(error.code)): \(error.message). Reconnect with `palisade connect slack` using an org-level token with auditlogs:read"
        case .plan:
            return "audit logs are not available for this organisation (\(error.message)); they need Slack Enterprise Grid"
        default:
            return "\(error.code): \(error.message)"
        }
    }
}
