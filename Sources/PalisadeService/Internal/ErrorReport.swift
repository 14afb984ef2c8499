internal import Yams

/// Turns decoding failures and unread keys into ``ConfigError``s that name the source, the key
/// path and, for overridden keys, the environment variable.
struct ErrorReport {
    /// `config /etc/palisade/echo.yaml`, the start of every message.
    let source: String
    /// The tree that was decoded, file and overrides merged.
    let root: Node
    /// Key path → the variable that set it.
    let origins: [String: String]

    /// `'listen.port'`.
    func name(_ path: [any CodingKey]) -> String {
        "'\(path.configPath)'"
    }

    /// The environment variable that set `path` or a key above it, if one did.
    func variable(setting path: String) -> String? {
        var keys = path.split(separator: ".").map(String.init)
        while !keys.isEmpty {
            if let variable = origins[keys.joined(separator: ".")] { return variable }
            keys.removeLast()
        }
        return nil
    }

    /// Where the value at `path` came from: `environment PALISADE_ECHO_LISTEN__PORT` when a
    /// variable set it, else the file (`config /etc/palisade/echo.yaml`). A person fixes the
    /// one named.
    func source(of path: String) -> String {
        variable(setting: path).map { "environment \($0)" } ?? source
    }

    /// `error` (a validation failure) with the source of the value it names in front.
    func located(_ error: ConfigError) -> ConfigError {
        let origin = error.leadingKeyPath.map(source(of:)) ?? source
        return ConfigError(code: error.code, message: "\(origin): \(error.message)")
    }

    func error(for error: DecodingError) -> ConfigError {
        switch error {
        case .typeMismatch(_, let context):
            return located(.typeMismatch, context.codingPath, context.debugDescription)
        case .valueNotFound(_, let context):
            return located(.missingKey, context.codingPath, context.debugDescription)
        case .keyNotFound(let key, let context):
            let path = context.codingPath + [key]
            return ConfigError(
                code: .missingKey,
                message: "\(source): \(name(path)) is required" + misspelling(of: key, in: context.codingPath)
            )
        case .dataCorrupted(let context):
            let code = (context.underlyingError as? ConfigError)?.code ?? .invalidValue
            return located(code, context.codingPath, context.debugDescription)
        @unknown default:
            return ConfigError(code: .invalidValue, message: "\(source): \(error)")
        }
    }

    private func located(_ code: ConfigError.Code, _ path: [any CodingKey], _ text: String) -> ConfigError {
        if path.isEmpty {
            return ConfigError(code: code, message: "\(source): \(text)")
        }
        return ConfigError(code: code, message: "\(source(of: path.configPath)): \(name(path)): \(text)")
    }

    /// ` (found 'certifcate': a typo?)` when a sibling key is one or two edits away.
    private func misspelling(of key: any CodingKey, in parent: [any CodingKey]) -> String {
        guard case .mapping(let mapping)? = node(at: parent) else { return "" }
        let wanted = key.stringValue.lowercased()
        let close = mapping.keys.compactMap(\.keyString).filter {
            $0 != key.stringValue && ConfigText.editDistance($0.lowercased(), wanted) <= 2
        }
        guard let first = close.first else { return "" }
        return " (found '\((parent + [ConfigKey(first)]).configPath)': a typo?)"
    }

    private func node(at path: [any CodingKey]) -> Node? {
        var node = root
        for key in path {
            switch node {
            case .mapping(let mapping):
                guard let next = mapping.first(where: { $0.key.keyString == key.stringValue })?.value else { return nil }
                node = next
            case .sequence(let sequence):
                guard let index = key.intValue, sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            default:
                return nil
            }
        }
        return node
    }

    // MARK: - Unknown keys

    /// Throws if the tree holds keys that no decoded type read.
    func checkUnknownKeys(read: Set<String>) throws(ConfigError) {
        var unknown: [[any CodingKey]] = []
        collectUnknown(root, path: [], read: read, into: &unknown)
        guard !unknown.isEmpty else { return }
        // Grouped by where each came from, the file first: the variable's name is what to fix.
        var groups: [(origin: String, names: [String])] = []
        for path in unknown {
            let origin = source(of: path.configPath)
            if let index = groups.firstIndex(where: { $0.origin == origin }) {
                groups[index].names.append(name(path))
            } else {
                groups.append((origin, [name(path)]))
            }
        }
        groups.sort { ($0.origin == source ? 0 : 1) < ($1.origin == source ? 0 : 1) }
        let parts = groups.map { group in
            "\(group.origin): \(group.names.count == 1 ? "unknown key" : "unknown keys") \(group.names.joined(separator: ", "))"
        }
        throw ConfigError(
            code: .unknownKeys,
            message: parts.joined(separator: "; ") + "; check the spelling, or remove keys this version does not use"
        )
    }

    /// Depth first, reporting the highest unread key only (not each key below it).
    private func collectUnknown(_ node: Node, path: [any CodingKey], read: Set<String>, into unknown: inout [[any CodingKey]]) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                let keyPath = path + [ConfigKey(key.keyString ?? "?")]
                if read.contains(keyPath.configPath) {
                    collectUnknown(value, path: keyPath, read: read, into: &unknown)
                } else {
                    unknown.append(keyPath)
                }
            }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                collectUnknown(element, path: path + [ConfigKey(index: index)], read: read, into: &unknown)
            }
        case .scalar, .alias:
            break
        }
    }

    // MARK: - YAML syntax errors

    /// A YAML error as "line 3, column 7: found a tab character…", without Yams' snippet of the
    /// file: the line at fault may hold a secret.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return "\(error)" }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return "line \(mark.line), column \(mark.column): \(what)\(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "line \(context.mark.line): duplicate keys \(keys)"
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
