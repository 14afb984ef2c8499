/// Address space that is never a real outside party: private, loopback, link-local, shared (CGN),
/// documentation, benchmarking, multicast and reserved blocks (the IANA special-purpose registries,
/// RFC 6890 and successors).
///
/// Feeds must not flag it (`geoip.md` §3.2): FireHOL level 1 lists it on purpose, for firewalls,
/// and an audit log that shows such an address is showing the SaaS provider's internal traffic,
/// which is no evidence about the actor. Unallocated public space (the rest of FireHOL's
/// "fullbogons") changes monthly and is not listed here; it cannot appear in an audit log anyway.
public enum IPBogons {
    /// The reserved blocks, IPv4 then IPv6 (literals in canonical form, so parsing cannot fail).
    public static let networks: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
        "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
    ].map { try! IPNetwork(parsing: $0) }

    /// `network` without reserved space: the pieces left (none when it is all reserved, itself
    /// when it touches none), and the reserved space it held.
    public static func excluding(from network: IPNetwork) -> (kept: [IPNetwork], excluded: [IPNetwork]) {
        var kept = [network]
        var excluded: [IPNetwork] = []
        for bogon in networks where bogon.overlaps(network) {
            if bogon.contains(network) { return ([], [network]) }
            excluded.append(bogon)
            kept = kept.flatMap { $0.subtracting(bogon) }
        }
        return (kept, excluded)
    }
}
