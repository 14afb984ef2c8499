/// A configuration that checks itself after decoding: cross-field rules, files that must exist,
/// addresses that must be loopback. ``ConfigLoader``
/// calls ``validate()`` for types that conform, so a service cannot forget.
///
/// ```swift
/// extension EchoConfig: ValidatableConfig {
///     func validate() throws(ConfigError) {
///         try tls.validate(address: listen)
///         try checkWritableDirectory(dataDirectory, key: "dataDirectory")
///     }
/// }
/// ```
public protocol ValidatableConfig {
    /// Throws the first problem found, naming the key at fault.
    func validate() throws(ConfigError)
}
