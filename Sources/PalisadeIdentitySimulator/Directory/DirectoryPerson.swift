import PalisadeSlackSimulator

/// Whether a person of a `SimDirectory` may sign in.
public enum DirectoryStatus: Sendable, Hashable {
    /// The account exists and may sign in.
    case active
    /// The account exists; sign-in is blocked (Entra `accountEnabled` false, Okta `SUSPENDED`).
    case disabled
    /// The account was deleted (Entra: in deleted items) or deprovisioned (Okta), at this Unix time.
    case deleted(at: Int64)
}

/// One person of a `SimDirectory`, with the ids each provider gives them.
public struct DirectoryPerson: Sendable, Hashable {
    /// The person's Slack user id (`W…`), which ties the directory to the Slack simulator.
    public let slackID: String
    /// The Entra object id: a GUID, stable for a given organisation and person.
    public let entraID: String
    /// The Okta user id: `00u` and 17 letters and digits, stable for a given organisation and person.
    public let oktaID: String
    /// The full name as Slack shows it (may contain accents and quotes).
    public let displayName: String
    /// The first word of the name.
    public let givenName: String
    /// The rest of the name.
    public let surname: String
    /// The e-mail address, which is also the user principal name (Entra) and login (Okta).
    public let email: String
    /// Whether the person is an org owner or admin in Slack (a privileged administrator in the
    /// identity provider too: Entra refuses to disable one unless the app holds an admin role).
    public let isAdmin: Bool
    /// Whether the account may sign in, at the start.
    public let status: DirectoryStatus

    /// Makes a person.
    public init(
        slackID: String, entraID: String, oktaID: String, displayName: String, givenName: String, surname: String,
        email: String, isAdmin: Bool, status: DirectoryStatus
    ) {
        self.slackID = slackID
        self.entraID = entraID
        self.oktaID = oktaID
        self.displayName = displayName
        self.givenName = givenName
        self.surname = surname
        self.email = email
        self.isAdmin = isAdmin
        self.status = status
    }

    /// The person behind a Slack user; `seed` (the organisation's id) makes the ids differ between organisations.
    init(user: SimUser, seed: String, status: DirectoryStatus) {
        let words = user.name.split(separator: " ", maxSplits: 1)
        let hash = StableHash(seed + "/" + user.id)
        self.init(
            slackID: user.id, entraID: hash.guid, oktaID: hash.oktaID, displayName: user.name,
            givenName: words.first.map(String.init) ?? user.name, surname: words.count > 1 ? String(words[1]) : "",
            email: user.email, isAdmin: user.isAdmin, status: status)
    }
}

/// Two 64-bit FNV-1a hashes of a text, spelled as the providers' id formats. Deterministic
/// across runs and machines (unlike `Hasher`), which the simulators' seeded directories need.
struct StableHash {
    let high: UInt64
    let low: UInt64

    init(_ text: String) {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
        }
        high = a
        low = b
    }

    /// `xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx`, lower-case hex (a version 4 shape).
    var guid: String {
        let h = hex(high, 16)
        let l = hex(low, 16)
        let four = "4" + h.dropFirst(13).prefix(3)
        let eight = "8" + l.prefix(3)
        return "\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(four)-\(eight)-\(l.suffix(12))"
    }

    /// `00u` and 17 characters of `[0-9A-Za-z]`, the shape of Okta's user ids.
    var oktaID: String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var value = high
        var rest = low
        var out = "00u"
        for index in 0..<17 {
            if index == 9 { value = rest; rest = 0 }
            out.append(alphabet[Int(value % 62)])
            value /= 62
        }
        return out
    }

    private func hex(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
