/// Why a feed file was refused. Nothing of a refused file is loaded: the catalogue keeps the
/// feed's previous contents, and the message says what to fix.
public struct IPFeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// A stable identifier such as `"bad_entries"`.
        public let rawValue: String

        /// Wraps a raw identifier.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Some entries are not addresses or blocks of the format; ``IPFeedError/problems`` lists
        /// the first ``IPFeedError/maximumProblems``.
        public static let badEntries = Code(rawValue: "bad_entries")
        /// The file is not of the chosen format at all (JSON given to a text format, an HTML
        /// error page, a JSON document of another shape).
        public static let wrongFormat = Code(rawValue: "wrong_format")
        /// The file ends early: a Spamhaus JSON file without its closing metadata record.
        public static let incomplete = Code(rawValue: "incomplete")
        /// The file lists no usable block (empty, only comments, or only reserved space).
        public static let empty = Code(rawValue: "empty")
        /// The file could not be read (``FeedFormat/load(path:)``).
        public static let unreadable = Code(rawValue: "unreadable")

        /// The raw identifier.
        public var description: String { rawValue }
    }

    /// How many bad entries an error lists at most; the message still counts them all.
    public static let maximumProblems = 20

    /// The kind of problem.
    public let code: Code
    /// What is wrong, where, and what to do.
    public let message: String
    /// The bad entries, in file order (for ``Code/badEntries``; otherwise empty).
    public let problems: [IPFeedProblem]

    /// Makes an error.
    public init(_ code: Code, _ message: String, problems: [IPFeedProblem] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

/// One bad entry of a feed file, located by its 1-based line number (text and NDJSON files) or
/// its JSON path (JSON documents).
public struct IPFeedProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file, as named in messages.
    public let fileName: String
    /// `line 17`, or a JSON path such as `prefixes[3].ip_prefix`.
    public let location: String
    /// The 1-based line number, when the file is read by lines.
    public let line: Int?
    /// The entry as the file has it.
    public let text: String
    /// What is wrong with it, quoting it.
    public let reason: String

    /// Makes a problem located by line.
    public init(fileName: String, line: Int, text: String, reason: String) {
        self.fileName = fileName
        self.location = "line \(line)"
        self.line = line
        self.text = text
        self.reason = reason
    }

    /// Makes a problem located by JSON path.
    public init(fileName: String, path: String, text: String, reason: String) {
        self.fileName = fileName
        self.location = path
        self.line = nil
        self.text = text
        self.reason = reason
    }

    /// `torbulkexitlist line 17: "1.2.3" is not an IPv4 address`.
    public var description: String { "\(fileName) \(location): \(reason)" }
}
