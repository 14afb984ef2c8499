/// Why an entry cannot become an activity: the refusals `Protocol/ingestion.md` lists (not a JSON
/// object, no string `id`, no integer `date_create`, over 1 MiB). `Ingest` answers the stream with
/// `INVALID_ARGUMENT` and this reason after the batch and entry it names.
public struct EntryRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the entry, e.g. `missing "date_create"`; never quotes the entry's content.
    public let reason: String

    /// A refusal for `reason`.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
