/// A failure to start after the configuration was accepted (the database, a key file, the TLS
/// files, a port): the service prints `message` and exits with status 1.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    /// What failed and where, naming the configuration key and no secret.
    public let message: String

    /// Makes an error.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
