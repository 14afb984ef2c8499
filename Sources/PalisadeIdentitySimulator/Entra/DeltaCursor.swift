/// Where a users delta round stands, carried in `$skiptoken` and `$deltatoken` (base64url, so
/// opaque to clients): the query's options travel with it, as Graph encodes them into its links.
struct DeltaCursor: Sendable, Equatable {
    /// The delta-token generation it was issued in; an older one answers 410.
    var generation: Int
    /// Changes after this sequence number are reported; -1 = the initial round (every user).
    var since: Int
    /// Changes up to this sequence number belong to this round.
    var upto: Int
    /// The directory index the next page continues after.
    var after: Int
    /// When the round's token was issued (delta tokens last 7 days, DQ).
    var issued: Int64
    /// `$select`, if given on the first request.
    var select: [String]?
    /// The ids of an `id eq '…' or …` filter, if given.
    var ids: [String]?

    /// The token text.
    var encoded: String {
        let numbers = "\(generation).\(since).\(upto).\(after).\(issued)"
        let text = numbers + "|" + (select?.joined(separator: ",") ?? "*") + "|" + (ids?.joined(separator: ",") ?? "*")
        return Base64URL.encode(Array(text.utf8))
    }

    /// Decodes a token; nil for anything this simulator did not issue.
    init?(_ token: String) {
        guard token.utf8.count < 16_384, let bytes = Base64URL.decode(token[...]),
            let text = String(validating: bytes, as: UTF8.self)
        else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 5, let generation = Int(numbers[0]), let since = Int(numbers[1]),
            let upto = Int(numbers[2]), let after = Int(numbers[3]), let issued = Int64(numbers[4]),
            since >= -1, upto >= 0, after >= -1
        else { return nil }
        func list(_ part: Substring) -> [String]? {
            part == "*" ? nil : part.split(separator: ",").map(String.init)
        }
        self.init(
            generation: generation, since: since, upto: upto, after: after, issued: issued, select: list(parts[1]),
            ids: list(parts[2]))
        if let select, !select.allSatisfy(EntraUserRecord.knownProperties.contains) { return nil }
    }

    init(generation: Int, since: Int, upto: Int, after: Int, issued: Int64, select: [String]?, ids: [String]?) {
        self.generation = generation
        self.since = since
        self.upto = upto
        self.after = after
        self.issued = issued
        self.select = select
        self.ids = ids
    }
}
