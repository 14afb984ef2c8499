/// Who the peer is, read from its certificate after the chain verified.
///
/// Services authorise callers by ``spiffeName``: a certificate carrying the URI SAN
/// `spiffe://palisade/connector` is the connector service, and
/// `spiffe://palisade/operator/alice` is the operator alice.
///
/// ```swift
/// guard let caller = connection.peerIdentity?.spiffeName, allowed.contains(caller) else { … }
/// ```
public struct PeerIdentity: Sendable, Hashable {
    /// The URI subject alternative names, in certificate order.
    public var uris: [String]
    /// The DNS subject alternative names, in certificate order.
    public var dnsNames: [String]
    /// The IP address subject alternative names, formatted as text (`127.0.0.1`, `::1`).
    public var ipAddresses: [String]
    /// The subject's common name, if it has one.
    public var commonName: String?

    /// The trust domain Palisade's identities live in.
    public static let trustDomainPrefix = "spiffe://palisade/"

    /// Makes an identity from its parts (tests, and the in-process transport).
    public init(uris: [String] = [], dnsNames: [String] = [], ipAddresses: [String] = [], commonName: String? = nil) {
        self.uris = uris
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.commonName = commonName
    }

    /// The path of the first `spiffe://palisade/…` URI SAN: `"connector"` for
    /// `spiffe://palisade/connector`, `"operator/alice"` for `spiffe://palisade/operator/alice`;
    /// `nil` when there is none. Names with empty segments, `.`/`..` segments, a query or a
    /// fragment are ignored rather than trusted, so a look-alike cannot pass an allow-list.
    public var spiffeName: String? {
        for uri in uris where uri.hasPrefix(Self.trustDomainPrefix) {
            let path = uri.dropFirst(Self.trustDomainPrefix.count)
            if PeerIdentity.isValidSPIFFEPath(path) { return String(path) }
        }
        return nil
    }

    /// A SPIFFE ID path: non-empty segments of letters, digits, `-`, `_` and `.`, not `.`/`..`.
    static func isValidSPIFFEPath(_ path: Substring) -> Bool {
        guard !path.isEmpty else { return false }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else { return false }
            let allowed = segment.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
            guard allowed else { return false }
        }
        return true
    }
}
