public import Logging

/// Writes each event as one JSON object per line, for log pipelines that prefer JSON:
///
/// ```text
/// {"ts":"2026-11-26T01:02:03.456Z","level":"info","service":"echo","msg":"server listening","address":"127.0.0.1:8443"}
/// ```
///
/// The fields are those of ``LogfmtLogHandler``, in the same order; nested metadata stays nested
/// (dictionaries become objects, arrays arrays, everything else a string). Each line is written
/// whole in one call to ``LogOutput``.
public struct JSONLogHandler: LogHandler {
    /// The least severe level written.
    public var logLevel: Logger.Level
    /// Metadata added to every event from this handler.
    public var metadata: Logger.Metadata
    /// Supplies contextual metadata at each event.
    public var metadataProvider: Logger.MetadataProvider?
    /// The logger's label.
    public let label: String
    /// The service name written in every line.
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
        var line = "{\"ts\":\"\(LogFormatting.timestamp())\",\"level\":\"\(event.level.rawValue)\""
        line += ",\"service\":\(Self.string(service))"
        if label != service {
            line += ",\"logger\":\(Self.string(label))"
        }
        line += ",\"msg\":\(Self.string(event.message.description))"
        if let error = event.error {
            line += ",\"error\":\(Self.string("\(error)"))"
        }
        let all = LogFormatting.merged(metadata, provider: metadataProvider, event: event.metadata)
        for (key, value) in all.map({ (LogFormatting.safeKey($0.key), $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            line += ",\(Self.string(key)):\(Self.json(value))"
        }
        output.write(line + "}\n")
    }

    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return string(text)
        case .stringConvertible(let convertible): return string(convertible.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{"
                + dictionary.sorted { $0.key < $1.key }.map { "\(string($0.key)):\(json($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (RFC 8259), also escaping U+2028/2029 for JavaScript consumers.
    static func string(_ text: String) -> String { LogFormatting.quoted(text) }
}
