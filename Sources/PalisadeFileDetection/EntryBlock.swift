import PalisadeMessages

/// A run of consecutive lines of a file of entries, read: their activities and the lines that
/// could not be read, both in line order.
public struct EntryBlock: Sendable {
    /// The activities of the block's lines, each numbered with its line (blank lines have none),
    /// in line order: one array per thread that parsed a slice of the lines, kept apart because
    /// joining them would copy every activity (a few dozen reference counts each).
    public var slices: [[Activity]]
    /// The lines that are neither a Slack entry nor an activity.
    public var errors: [EntryLineError]
    /// The lines the block covers, blank ones included.
    public var lines: Int
    /// How many of ``activities`` were raw Slack entries (the others were activities already).
    public var slackEntries = 0

    /// A block of `lines` lines.
    public init(slices: [[Activity]] = [], errors: [EntryLineError] = [], lines: Int = 0) {
        self.slices = slices
        self.errors = errors
        self.lines = lines
    }

    /// The activities, joined (a copy: for tests and small inputs).
    public var activities: [Activity] { slices.flatMap { $0 } }

    /// How many activities the block has.
    public var activityCount: Int { slices.reduce(0) { $0 + $1.count } }
}
