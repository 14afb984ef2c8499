import PalisadeMessages

/// What the catalogue says about one address: the category and tags an activity from it gets.
public struct IPRangeMatch: Sendable, Hashable, CustomStringConvertible {
    /// The winning range's category; ``IPCategory/none`` when no range holds the address.
    public let category: IPCategory
    /// The winning ranges' tags, sorted by their UTF-8 bytes, each once.
    public let tags: [String]

    /// No range holds the address.
    public static let none = IPRangeMatch(category: .none, tags: [])

    /// A match; `tags` are sorted by UTF-8 bytes and repeats dropped, so equal matches compare
    /// equal and print the same whatever order the ranges listed their tags in.
    public init(category: IPCategory, tags: [String]) {
        self.category = category
        self.tags = Self.normalised(tags)
    }

    /// `category [tag, tag]`.
    public var description: String { "\(category) \(tags)" }

    /// Two matches of the same specificity as one: the category that ranks first in
    /// ``IPCategory/overlapPrecedence``, and every tag of both.
    func merged(with other: IPRangeMatch) -> IPRangeMatch {
        let category = category.overlapRank <= other.category.overlapRank ? category : other.category
        return IPRangeMatch(category: category, tags: tags + other.tags)
    }

    /// Byte order rather than `String`'s `<` (which compares Unicode canonical forms), so the
    /// order is the same one a database or another language would produce; equality is by bytes
    /// too, so two spellings of "é" stay two tags, as they are two different strings on the wire.
    private static func normalised(_ tags: [String]) -> [String] {
        let sorted = tags.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for tag in sorted where !(unique.last.map { $0.utf8.elementsEqual(tag.utf8) } ?? false) {
            unique.append(tag)
        }
        return unique
    }
}

extension IPCategory {
    /// The order in which categories win when equally specific ranges of the same kind overlap,
    /// first wins: risky first, since losing a risky verdict hides an attack while losing any other
    /// only costs an extra alert; then the categories that change detections (VPN, cloud provider,
    /// corporate), then the ones that are labels only.
    public static let overlapPrecedence: [IPCategory] = [.risky, .vpn, .cloudProvider, .corporate, .administrative, .other, .none]

    /// The position in ``overlapPrecedence`` (only merges of overlapping ranges ask, so a scan of seven is fine).
    var overlapRank: Int { Self.overlapPrecedence.firstIndex(of: self) ?? Self.overlapPrecedence.count }
}
