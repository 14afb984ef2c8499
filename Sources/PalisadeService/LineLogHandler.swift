public import Logging

/// A handler that writes each event as one line in `Format`: ``LogfmtLogHandler`` and
/// ``JSONLogHandler`` are this handler with their formats.
///
/// Every line has the same fields in the same order: `ts` (UTC, milliseconds), `level`,
/// `service`, `logger` (the logger's label, only when it differs from the service name), `msg`,
/// `error` (when the event carries one), then the metadata sorted by key. A metadata key equal
/// to a field name is written with a leading `_`. Each line is written whole in one call to
/// ``LogOutput``, so lines never interleave.
public struct LineLogHandler<Format: LogLineFormat>: LogHandler {
    /// The least severe level written.
    public var logLevel: Logger.Level
    /// Metadata added to every event from this handler.
    public var metadata: Logger.Metadata
    /// Supplies contextual metadata (e.g. a request id from a task local) at each event.
    public var metadataProvider: Logger.MetadataProvider?
    /// The logger's label, e.g. `palisade.rpc`.
    public let label: String
    /// The service name written in every line, e.g. `echo`.
    public let service: String
    private let output: LogOutput

    /// Creates a handler; ``LoggingSystemSetup`` creates them for the whole process.
    public init(
        label: String,
        service: String,
        level: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        output: LogOutput = .standardError
    ) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.metadata = [:]
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// One metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the event and writes it as one line.
    public func log(event: LogEvent) {
        var fields: [(key: String, value: String)] = [
            ("ts", LogFormatting.timestamp()), ("level", event.level.rawValue), ("service", service),
        ]
        if label != service {
            fields.append(("logger", label))
        }
        fields.append(("msg", event.message.description))
        if let error = event.error {
            fields.append(("error", "\(error)"))
        }
        let all = LogFormatting.merged(metadata, provider: metadataProvider, event: event.metadata)
        output.write(Format.line(fields, metadata: all) + "\n")
    }
}

/// How a ``LineLogHandler`` writes one event.
public protocol LogLineFormat: Sendable {
    /// The line, without its newline: `fields` (the handler's own, in order, as text), then
    /// `metadata` (the handler's, the provider's and the event's, merged).
    static func line(_ fields: [(key: String, value: String)], metadata: Logger.Metadata) -> String
}
