/// A configuration problem found at start-up, with a stable ``code`` and a ``message`` that says
/// which file, key or environment variable to fix and how.
///
/// A service that gets one prints the message and exits: it never starts with a half-valid
/// configuration.
///
/// ```text
/// config /etc/palisade/echo.yaml: 'listen.port': expected an integer, got "abc"
/// config /etc/palisade/echo.yaml: 'tls.certificate' is required
/// config /etc/palisade/echo.yaml: unknown keys 'listen.prot', 'tsl' (check the spelling)
/// ```
///
/// Messages quote the offending value only where it cannot be a secret's worth of text: a
/// scalar that failed to parse as a number or a choice, cut to a few dozen characters.
public struct ConfigError: Error, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, e.g. `"unknownKeys"`.
        public let rawValue: String

        /// Creates a code from its stable name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The stable name.
        public var description: String { rawValue }

        /// A configured file or directory (or the config file itself) does not exist.
        public static let fileNotFound = Code(rawValue: "fileNotFound")
        /// A file exists but cannot be read (permissions, or it is a directory).
        public static let notReadable = Code(rawValue: "notReadable")
        /// A directory cannot be written to, or is not a directory.
        public static let notWritable = Code(rawValue: "notWritable")
        /// The file is not valid YAML (or not UTF-8), or its top level is not a mapping.
        public static let malformed = Code(rawValue: "malformed")
        /// Keys that the service does not know: usually a typo.
        public static let unknownKeys = Code(rawValue: "unknownKeys")
        /// A value has the wrong type, e.g. text where a number is expected.
        public static let typeMismatch = Code(rawValue: "typeMismatch")
        /// A required key is absent.
        public static let missingKey = Code(rawValue: "missingKey")
        /// A value has the right type but is not acceptable (out of range, badly formed, or
        /// inconsistent with another value).
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// An override variable's name does not follow the `<PREFIX>_<KEY>__<SUBKEY>` rule.
        public static let invalidEnvironment = Code(rawValue: "invalidEnvironment")
    }

    /// What kind of problem this is.
    public let code: Code
    /// A sentence a person can act on, naming the file, key path or variable concerned.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The key path the message is about: by convention a validation message starts with it in
    /// quotes (`'slack.caFile': … does not exist`). Nil when it does not.
    public var leadingKeyPath: String? {
        guard message.first == "'", let close = message.dropFirst().firstIndex(of: "'") else { return nil }
        let path = message[message.index(after: message.startIndex)..<close]
        return path.isEmpty || path.contains(" ") ? nil : String(path)
    }

    /// The message; it already says everything, the code is for programs.
    public var description: String { message }
}
