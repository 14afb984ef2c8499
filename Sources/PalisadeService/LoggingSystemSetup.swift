public import Logging
import Synchronization

/// The line format of a service's logs (`log.format` in configuration).
public enum LogFormat: String, Sendable, Codable, CaseIterable {
    /// `key=value` lines (``LogfmtLogHandler``): readable in a terminal, parseable by tools.
    case logfmt
    /// One JSON object per line (``JSONLogHandler``).
    case json

    /// Decodes from its name, with an error listing the valid names.
    public init(from decoder: any Decoder) throws {
        self = try decodeChoice(LogFormat.self, from: decoder)
    }
}

/// Points swift-log at Palisade's structured handlers, once per process.
///
/// A service calls ``bootstrap(service:level:format:)`` first thing in `main`, before creating
/// any `Logger`; loggers created earlier keep swift-log's default handler.
///
/// ```swift
/// LoggingSystemSetup.bootstrap(service: "echo", level: config.log.level.loggerLevel)
/// let logger = Logger(label: "echo")
/// logger.info("server listening", metadata: ["address": "\(config.listen)"])
/// // ts=2026-11-26T01:02:03.456Z level=info service=echo msg="server listening" address=127.0.0.1:8443
/// ```
///
/// `LoggingSystem.bootstrap` traps if called twice; this function is safe to call again (from
/// tests, or from a library that cannot know whether `main` did): only the first call has any
/// effect. It cannot detect a direct `LoggingSystem.bootstrap` call elsewhere, so there must be
/// none.
///
/// Secrets are never logged: hold them in ``Redacted``, and log paths, names and identifiers,
/// never file contents, tokens or request bodies.
public enum LoggingSystemSetup {
    /// Whether this process has bootstrapped.
    private static let bootstrapped = Mutex(false)

    /// Installs the handler for `format` for every logger created from now on.
    ///
    /// - Returns: true if this call bootstrapped the logging system, false if an earlier call had.
    @discardableResult
    public static func bootstrap(service: String, level: Logger.Level, format: LogFormat = .logfmt) -> Bool {
        bootstrapped.withLock { done in
            guard !done else { return false }
            done = true
            LoggingSystem.bootstrap { label in
                makeHandler(label: label, service: service, level: level, format: format)
            }
            return true
        }
    }

    /// The handler `bootstrap` installs, for code that builds a `Logger` explicitly (tests, a
    /// second output).
    public static func makeHandler(
        label: String,
        service: String,
        level: Logger.Level,
        format: LogFormat,
        output: LogOutput = .standardError
    ) -> any LogHandler {
        switch format {
        case .logfmt: LogfmtLogHandler(label: label, service: service, level: level, output: output)
        case .json: JSONLogHandler(label: label, service: service, level: level, output: output)
        }
    }
}
