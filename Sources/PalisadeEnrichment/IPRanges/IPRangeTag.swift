/// The tag names Palisade itself puts on activities, spelled once (`defender.md` §3.3).
///
/// Operators may use any other text as a tag; these are the names feeds and detections use, so a
/// policy can filter on them without knowing where they came from.
public enum IPRangeTag {
    /// A Tor exit node.
    public static let tor = "Tor"
    /// An anonymising proxy.
    public static let anonymousProxy = "Anonymous proxy"
    /// Infrastructure run by or for a botnet.
    public static let botnet = "Botnet"
    /// A malware command-and-control server.
    public static let malwareCommandAndControl = "Malware C&C"
    /// An address seen brute-forcing sign-ins.
    public static let bruteForce = "Brute force"
    /// An address seen password-spraying.
    public static let passwordSpray = "Password spray"
    /// Amazon Web Services address space.
    public static let aws = "AWS"
    /// Microsoft Azure address space.
    public static let azure = "Azure"

    /// The built-in reputation tags, in the order the catalogue lists them.
    public static let builtIn = [tor, anonymousProxy, botnet, malwareCommandAndControl, bruteForce, passwordSpray]
}
