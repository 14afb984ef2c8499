/// `log:` level and line format, the same for every service.
///
/// ```yaml
/// log:
///   level: info      # trace, debug, info, notice, warning, error, critical
///   format: logfmt   # or json
/// ```
public struct LogSection: Decodable, Sendable, Hashable {
    /// The lowest level written.
    public var level: LogLevel = .info
    /// `logfmt` or `json`.
    public var format: LogFormat = .logfmt

    /// Info, logfmt.
    public init(level: LogLevel = .info, format: LogFormat = .logfmt) {
        self.level = level
        self.format = format
    }

    private enum CodingKeys: String, CodingKey { case level, format }

    /// Decodes; both keys are optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decode(forKey: .level, default: .info)
        format = try container.decode(forKey: .format, default: .logfmt)
    }
}
