import PalisadeNet

/// What a feed parser has read so far: the blocks (without repeats and reserved space) and the
/// bad entries. Every parser feeds one, so the policy — refuse the whole file on any bad entry,
/// list the first ``IPFeedError/maximumProblems`` — is written once.
struct IPFeedCollector {
    let format: FeedFormat
    /// The file as messages name it.
    var fileName: String
    private var networks: [IPNetwork] = []
    private var seen: Set<IPNetwork> = []
    private var entries = 0
    private var excluded: [IPNetwork] = []
    private var problems: [IPFeedProblem] = []
    private var problemCount = 0

    init(format: FeedFormat, fileName: String) {
        self.format = format
        self.fileName = fileName
    }

    /// One entry of the file.
    mutating func add(_ network: IPNetwork) {
        entries += 1
        guard seen.insert(network).inserted else { return }
        let (kept, reserved) = IPBogons.excluding(from: network)
        excluded += reserved
        networks += kept
    }

    /// A bad entry on a line (1-based).
    mutating func problem(line: Int, text: String, reason: String) {
        record(IPFeedProblem(fileName: fileName, line: line, text: text, reason: reason))
    }

    /// A bad entry at a JSON path.
    mutating func problem(path: String, text: String, reason: String) {
        record(IPFeedProblem(fileName: fileName, path: path, text: text, reason: reason))
    }

    /// The file is not of this format at all; reading on would only pile up meaningless problems.
    func wrongFormat(_ what: String) -> IPFeedError {
        IPFeedError(
            .wrongFormat,
            "\(fileName) \(what), not \(format.formatDescription): check that the file was downloaded whole and is given as the right format"
        )
    }

    /// The range, or the reason the file is refused.
    func finish() throws(IPFeedError) -> IPFeed {
        if problemCount > 0 { throw refusal() }
        guard !networks.isEmpty else {
            let reason = entries == 0 ? "lists no addresses" : "lists only reserved addresses (\(entries) entries)"
            throw IPFeedError(
                .empty, "\(fileName) \(reason), so it was not loaded: a real \(format.formatDescription) is never empty; download it again")
        }
        let range = CatalogueRange(
            name: format.rangeName, networks: networks, category: format.category, tags: format.tags, source: .feed(format))
        return IPFeed(format: format, range: range, entries: entries, excluded: excluded)
    }

    /// The file refused for its bad entries: the count, the first three in the message, the
    /// first ``IPFeedError/maximumProblems`` in ``IPFeedError/problems``.
    func refusal() -> IPFeedError {
        let shown = problems.prefix(3).map { "\($0.location): \($0.reason)" }.joined(separator: "; ")
        let more = problemCount > 3 ? "; and \(problemCount - 3) more" : ""
        let entriesWord = problemCount == 1 ? "entry" : "entries"
        return IPFeedError(
            .badEntries,
            "\(fileName) has \(problemCount) bad \(entriesWord), so none of it was loaded (\(shown)\(more)); fix or download the file again",
            problems: problems)
    }

    private mutating func record(_ problem: IPFeedProblem) {
        problemCount += 1
        if problems.count < IPFeedError.maximumProblems { problems.append(problem) }
    }
}

extension FeedFormat {
    /// The format in words, for messages.
    var formatDescription: String {
        switch self {
        case .tor: "a Tor bulk exit list (one address a line)"
        case .firehol: "a FireHOL netset (one IPv4 address or CIDR block a line)"
        case .spamhaus: "a Spamhaus DROP list (NDJSON records or \"CIDR ; SBL\" lines)"
        case .aws: "AWS ip-ranges.json"
        case .azure: "an Azure Service Tags file"
        }
    }
}
