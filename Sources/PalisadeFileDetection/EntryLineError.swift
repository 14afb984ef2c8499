/// Why one line of a file of entries cannot be read: its 1-based line number and the reason,
/// which never quotes the line (it may hold personal data).
public struct EntryLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line's number, counting from 1.
    public let line: Int
    /// What is wrong with it, e.g. `not a JSON object (…)` or `missing "date_create"`.
    public let reason: String

    /// An error for `line`.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line 17: missing "date_create"`.
    public var description: String { "line \(line): \(reason)" }
}
