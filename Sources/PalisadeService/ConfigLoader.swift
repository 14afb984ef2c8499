import Foundation
internal import Yams

/// Loads a service's configuration: a YAML file, then environment overrides, then strict
/// decoding into the service's `Decodable` configuration type.
///
/// ## Precedence
///
/// Environment variables override the file, and the file overrides the type's defaults.
///
/// ## Environment overrides
///
/// Every variable named `<PREFIX>_<PATH>` overrides one key, where `PATH` is the key path in
/// upper case, with `__` (two underscores) between levels and `_` between the words of a
/// camelCase key:
///
/// | variable (prefix `PALISADE_ECHO`) | key |
/// |---|---|
/// | `PALISADE_ECHO_LISTEN=127.0.0.1:9000` | `listen` |
/// | `PALISADE_ECHO_LOG__LEVEL=debug` | `log.level` |
/// | `PALISADE_ECHO_TLS__CA_FILE=/etc/ca.pem` | `tls.caFile` |
/// | `PALISADE_ECHO_PEERS=[a:1, b:2]` | `peers` (a list) |
///
/// Values are read as YAML scalars: `9000` is a number, `true` a boolean, anything else text;
/// a value starting with `[` or `{` that parses as a YAML flow list or mapping is one (while
/// `[::1]:8443`, which does not parse, stays an address); an empty value means
/// "no value" (the key's default, or an error if it is required). Keys must therefore be
/// camelCase. *Every* variable with the prefix is an override, so one that is misspelt is
/// reported like an unknown key in the file; a caller that keeps other variables in the same
/// namespace (say, the config file's path) removes them from `environment` first.
///
/// ## Strictness
///
/// - Keys that no decoded type asked for are an error listing each one with its path, because
///   an ignored typo (`prot: 9000`) is a service quietly running on the wrong port.
/// - Type errors and missing keys name the key path, and the variable if the value came from the
///   environment: `config echo.yaml: 'listen.port': expected an integer, got "abc"`,
///   `config echo.yaml: 'tls.certificate' is required`.
///
/// ## Defaults
///
/// A key that may be absent is declared optional, or decoded with a default through
/// `decode(_:forKey:default:)` in a hand-written `init(from:)`:
///
/// ```swift
/// struct EchoConfig: Decodable, ValidatableConfig {
///     var listen: ListenAddress
///     var tls: TLSFiles
///     var logLevel: LogLevel = .info
///     var maxConcurrentStreams: Int = 100
///
///     init(from decoder: any Decoder) throws {
///         let container = try decoder.container(keyedBy: CodingKeys.self)
///         listen = try container.decode(ListenAddress.self, forKey: .listen)
///         tls = try container.decode(TLSFiles.self, forKey: .tls)
///         logLevel = try container.decode(forKey: .logLevel, default: .info)
///         maxConcurrentStreams = try container.decode(forKey: .maxConcurrentStreams, default: 100)
///     }
///
///     func validate() throws(ConfigError) {
///         try tls.validate(address: listen)
///     }
/// }
///
/// let config = try ConfigLoader.load(
///     EchoConfig.self,
///     file: "/etc/palisade/echo.yaml",
///     environment: ProcessInfo.processInfo.environment,
///     prefix: "PALISADE_ECHO"
/// )
/// ```
public enum ConfigLoader {
    /// Reads `file` (or starts from an empty mapping if `file` is nil), applies the overrides
    /// found in `environment` under `prefix`, and decodes the result as `T`.
    ///
    /// - Throws: ``ConfigError`` naming the file, key path or variable at fault.
    public static func load<T: Decodable>(
        _ type: T.Type,
        file: String?,
        environment: [String: String],
        prefix: String
    ) throws(ConfigError) -> T {
        try decode(type, file: file, environment: environment, prefix: prefix).value
    }

    /// Loads as above, then calls the configuration's ``ValidatableConfig/validate()``, so a
    /// service cannot forget to.
    ///
    /// - Throws: ``ConfigError``; a validation error's message is prefixed with the source.
    public static func load<T: Decodable & ValidatableConfig>(
        _ type: T.Type,
        file: String?,
        environment: [String: String],
        prefix: String
    ) throws(ConfigError) -> T {
        let (value, report) = try decode(type, file: file, environment: environment, prefix: prefix)
        do {
            try value.validate()
        } catch {
            throw report.located(error)
        }
        return value
    }

    /// The load without validation, shared by both overloads.
    private static func decode<T: Decodable>(
        _ type: T.Type,
        file: String?,
        environment: [String: String],
        prefix: String
    ) throws(ConfigError) -> (value: T, report: ErrorReport) {
        let source = file.map { "config \($0)" } ?? "config (environment \(prefix)_*)"
        let tree = try file.map { path throws(ConfigError) in try readTree(path) } ?? Node.emptyMapping
        let overrides = try EnvironmentOverrides(tree: tree, environment: environment, prefix: prefix, source: source)
        let report = ErrorReport(source: source, root: overrides.root, origins: overrides.origins)

        let record = DecodingRecord()
        let value: T
        do {
            value = try ConfigDecoder(node: overrides.root, codingPath: [], record: record).decodeValue(type)
        } catch let error as DecodingError {
            throw report.error(for: error)
        } catch {
            throw ConfigError(code: .invalidValue, message: "\(source): \(error)")
        }
        try report.checkUnknownKeys(read: record.readKeys)
        return (value, report)
    }

    /// The file's YAML tree; a file with no content is an empty mapping.
    static func readTree(_ path: String) throws(ConfigError) -> Node {
        if let problem = FileProblem.readingFile(path) {
            throw ConfigError(code: problem.code, message: "config file: \(problem.text)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(code: .notReadable, message: "config file: cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(code: .malformed, message: "config \(path): the file is not UTF-8 text")
        }
        let node: Node?
        do {
            node = try compose(yaml: text)
        } catch {
            throw ConfigError(code: .malformed, message: "config \(path): invalid YAML: \(ErrorReport.describe(error))")
        }
        guard let node, !node.isNull else { return Node.emptyMapping }
        guard case .mapping = node else {
            throw ConfigError(
                code: .malformed,
                message: "config \(path): the top level must be a mapping of keys to values, not \(node.shortDescription)"
            )
        }
        return node
    }
}
