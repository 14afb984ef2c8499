import PalisadeMessages

/// A run of consecutive lines of a file of entries, read: their activities and the lines that
/// could not be read, both in line order.
public struct EntryBlock: Sendable {
    /// The activities of the block's lines, each numbered with its line (blank lines have none).
    public var activities: [Activity]
    /// The lines that are neither a Slack entry nor an activity.
    public var errors: [EntryLineError]
    /// The lines the block covers, blank ones included.
    public var lines: Int
    /// How many of ``activities`` were raw Slack entries (the others were activities already).
    public var slackEntries = 0

    /// A block of `lines` lines.
    public init(activities: [Activity] = [], errors: [EntryLineError] = [], lines: Int = 0) {
        self.activities = activities
        self.errors = errors
        self.lines = lines
    }
}
