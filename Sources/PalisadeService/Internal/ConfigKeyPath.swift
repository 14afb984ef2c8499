internal import Yams

/// A coding key for paths we build ourselves: mapping keys and list indices.
struct ConfigKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = "\(index)"
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { self.init(index: intValue) }
}

extension Array where Element == any CodingKey {
    /// The path as operators write it: `listen.port`, `peers[0].address`.
    var configPath: String {
        var text = ""
        for key in self {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }
}

extension Node {
    /// True for `~`, `null` and an empty value, which YAML reads as "no value".
    var isNull: Bool {
        guard case .scalar = self else { return false }
        return tag.description == Tag.Name.null.rawValue
    }

    /// The node described for an error message: a short quoted scalar, or its kind.
    ///
    /// Scalars are cut to 40 characters: enough to spot a typo, too little to copy a key.
    var shortDescription: String {
        switch self {
        case .scalar(let scalar):
            if isNull { return "nothing" }
            let text = scalar.string
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return ConfigText.quoted(shown)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// True for a mapping or a list.
    var isCollection: Bool {
        switch self {
        case .mapping, .sequence: true
        case .scalar, .alias: false
        }
    }

    /// The string of a mapping key (`nil` for the rare non-scalar key).
    var keyString: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }
}

extension Node {
    /// `{}`: what an empty file or an absent file means.
    static var emptyMapping: Node { Node([(Node, Node)]()) }
}
