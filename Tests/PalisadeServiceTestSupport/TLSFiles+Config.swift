import PalisadeService

extension TLSFiles {
    /// The body of a service config's `tls:` section, indented two spaces: `plaintext: true`,
    /// or the `certificate:`, `key:` and `ca:` lines.
    ///
    /// ```swift
    /// let config = "listen: 127.0.0.1:0\ntls:\n\(files.configSection)\n…"
    /// ```
    public var configSection: String {
        plaintext ? "  plaintext: true" : "  certificate: \(certificate)\n  key: \(key)\n  ca: \(ca)"
    }
}
