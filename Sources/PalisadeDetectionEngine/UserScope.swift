/// Whom a detection watches (defender.md §2.1 "Scoping"): everyone by default, or only the users
/// an include list names; an exclude list wins over both. Entries are e-mail addresses
/// (`ana@acme.test`) or domains (`acme.test` or `@acme.test`, matching that domain only, not its
/// subdomains), compared without regard to case.
public struct UserScope: Sendable, Hashable, Codable {
    /// When not empty, only these users are watched.
    public var include: [String]
    /// Never watched, even when included.
    public var exclude: [String]

    /// Everyone, or the lists given.
    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether the user with `email` is watched. A user without an e-mail is watched unless an
    /// include list exists (nothing in it can name them).
    public func watches(email: String) -> Bool {
        // The default scope (everyone) costs nothing per activity.
        if include.isEmpty && exclude.isEmpty { return true }
        let email = email.lowercased()
        if Self.matches(exclude, email) { return false }
        return include.isEmpty || Self.matches(include, email)
    }

    private static func matches(_ list: [String], _ email: String) -> Bool {
        guard !email.isEmpty, !list.isEmpty else { return false }
        let domain = email.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return list.contains { entry in
            let entry = entry.lowercased()
            if entry.contains("@"), !entry.hasPrefix("@") { return entry == email }
            return (entry.hasPrefix("@") ? String(entry.dropFirst()) : entry) == domain
        }
    }

    private enum CodingKeys: String, CodingKey { case include, exclude }

    /// Decodes; both lists are optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        include = try container.decodeIfPresent([String].self, forKey: .include) ?? []
        exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
    }
}
