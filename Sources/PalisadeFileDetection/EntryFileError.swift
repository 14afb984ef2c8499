/// A file of entries that cannot be read at all (missing, unreadable).
public struct EntryFileError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the file.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
