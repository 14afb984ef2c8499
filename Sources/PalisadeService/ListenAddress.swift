/// A host and port to listen on or connect to, written `host:port` in configuration.
///
/// | text | host | port | meaning |
/// |---|---|---|---|
/// | `127.0.0.1:8443` | `127.0.0.1` | 8443 | IPv4 loopback only |
/// | `[::1]:8443` | `::1` | 8443 | IPv6 loopback only (IPv6 hosts need brackets) |
/// | `:8443` | empty | 8443 | all interfaces |
/// | `ingestion.palisade.svc:8443` | `ingestion.palisade.svc` | 8443 | a name resolved at connect time |
/// | `127.0.0.1:0` | `127.0.0.1` | 0 | an ephemeral port chosen by the system (tests) |
///
/// In YAML it is one string (`listen: 127.0.0.1:8443`); ``description`` writes it back the same
/// way.
public struct ListenAddress: Sendable, Codable, Hashable, CustomStringConvertible {
    /// An IPv4 address, a host name, an IPv6 address without brackets, or empty for all
    /// interfaces.
    public let host: String
    /// 0…65535; 0 asks the system for an ephemeral port.
    public let port: Int

    /// Creates an address from parts.
    ///
    /// - Throws: ``ConfigError`` (``ConfigError/Code/invalidValue``) if the port is outside
    ///   0…65535 or the host has characters no host name or IP address has.
    public init(host: String, port: Int) throws(ConfigError) {
        guard (0...65535).contains(port) else {
            throw ConfigError(code: .invalidValue, message: "port \(port) is out of range; expected 0…65535 (0 = any free port)")
        }
        guard Self.isValidHost(host) else {
            throw ConfigError(code: .invalidValue, message: "\(ConfigText.quoted(host)) is not a host name or IP address")
        }
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[ipv6]:port` or `:port`.
    ///
    /// - Throws: ``ConfigError`` (``ConfigError/Code/invalidValue``) saying what is wrong and
    ///   showing the accepted forms.
    public init(parsing text: String) throws(ConfigError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw Self.invalid(text, "missing ] after the IPv6 address")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw Self.invalid(text, "missing :port after ]") }
            guard host.contains(":") else { throw Self.invalid(text, "brackets are only for IPv6 addresses") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw Self.invalid(text, "missing :port") }
            host = text[..<colon]
            guard !host.contains(":") else {
                throw Self.invalid(text, "an IPv6 address must be in brackets, as in [::1]:8443")
            }
            portText = text[text.index(after: colon)...]
        }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText)
        else {
            throw Self.invalid(text, "the port must be a number from 0 to 65535")
        }
        guard (0...65535).contains(port) else {
            throw Self.invalid(text, "port \(port) is out of range; expected 0…65535")
        }
        guard Self.isValidHost(String(host)) else {
            throw Self.invalid(text, "\(ConfigText.quoted(String(host))) is not a host name or IP address")
        }
        self.host = String(host)
        self.port = port
    }

    /// `host:port`, with brackets around an IPv6 host, and `:port` for all interfaces.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// True for addresses only this machine can reach: `127.0.0.0/8`, `::1` and `localhost`.
    /// Cleartext (h2c) is only ever allowed on these.
    public var isLoopback: Bool {
        if host == "::1" || host.lowercased() == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// True for `:port`, `0.0.0.0:port` and `[::]:port`.
    public var isAllInterfaces: Bool {
        host.isEmpty || host == "0.0.0.0" || host == "::"
    }

    /// Decodes from a `host:port` string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    /// Encodes as a `host:port` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Letters, digits, `.`, `-` and `_` for names and IPv4; hex digits, `:`, `.` and a `%zone`
    /// for IPv6. Anything else (spaces, slashes, a scheme) is a mistake worth reporting now.
    private static func isValidHost(_ host: String) -> Bool {
        guard host.count <= 253 else { return false }
        if host.contains(":") {
            let parts = host.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
            let address = parts[0]
            let zoneIsValid =
                parts.count == 1
                || (!parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            return zoneIsValid
                && address.filter { $0 == ":" }.count >= 2
                && address.allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }
        }
        if host.isEmpty { return true }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }

    private static func invalid(_ text: String, _ problem: String) -> ConfigError {
        ConfigError(
            code: .invalidValue,
            message: "invalid address \(ConfigText.quoted(text)): \(problem); expected host:port, "
                + "e.g. 127.0.0.1:8443, [::1]:8443, or :8443 for all interfaces"
        )
    }
}
