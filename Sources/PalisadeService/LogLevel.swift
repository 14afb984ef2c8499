public import Logging

/// The `log.level` a service is configured with; the names are swift-log's.
///
/// ```yaml
/// log:
///   level: debug   # trace, debug, info, notice, warning, error, critical
/// ```
public enum LogLevel: String, Sendable, Codable, CaseIterable {
    /// Every detail, including per-frame transport events. Never in production: volume.
    case trace
    /// Detail useful while investigating a problem.
    case debug
    /// Normal operation: start, stop, connections. The default.
    case info
    /// Normal but significant events.
    case notice
    /// Something went wrong and was handled.
    case warning
    /// Something went wrong and an operation failed.
    case error
    /// The service cannot continue.
    case critical

    /// The swift-log level.
    public var loggerLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }

    /// The configuration level for a swift-log level.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }

    /// Decodes from its name, with an error listing the valid names.
    public init(from decoder: any Decoder) throws {
        self = try decodeChoice(LogLevel.self, from: decoder)
    }
}
