internal import Yams

/// Applies `<PREFIX>_<KEY>__<SUBKEY>=value` variables to a configuration tree (the rule is
/// documented on ``ConfigLoader``).
struct EnvironmentOverrides {
    /// The tree with every override applied.
    private(set) var root: Node
    /// Which variable set which key path (`listen.port` → `PALISADE_ECHO_LISTEN__PORT`), so that
    /// an error about that key can say where its value came from.
    private(set) var origins: [String: String] = [:]

    /// Applies the variables of `environment` that start with `prefix_`, in name order so that
    /// the result never depends on the environment's ordering.
    init(tree: Node, environment: [String: String], prefix: String, source: String) throws(ConfigError) {
        root = tree
        let namespace = prefix.hasSuffix("_") ? prefix : prefix + "_"
        guard namespace.count > 1 else {
            throw ConfigError(code: .invalidEnvironment, message: "the environment override prefix is empty")
        }
        for name in environment.keys.sorted() where name.hasPrefix(namespace) {
            guard let value = environment[name] else { continue }
            let path = try Self.keyPath(of: name, namespace: namespace)
            let node = Self.node(for: value)
            root = try Self.setting(node, at: path, depth: 0, in: root, variable: name, source: source)
            origins[path.joined(separator: ".")] = name
        }
    }

    /// `PALISADE_ECHO_TLS__CA_FILE` → `["tls", "caFile"]`.
    static func keyPath(of name: String, namespace: String) throws(ConfigError) -> [String] {
        let rest = name.dropFirst(namespace.count)
        var path: [String] = []
        for segment in rest.split(separator: "__", omittingEmptySubsequences: false) {
            let words = segment.split(separator: "_", omittingEmptySubsequences: false)
            let valid = words.allSatisfy { word in
                !word.isEmpty && word.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            }
            guard valid else {
                throw ConfigError(
                    code: .invalidEnvironment,
                    message: "environment variable \(name): expected \(namespace)KEY__SUBKEY in upper case, "
                        + "with _ between the words of a key and __ between levels "
                        + "(e.g. \(namespace)LISTEN__PORT for listen.port, \(namespace)TLS__CA_FILE for tls.caFile)"
                )
            }
            let lowered = words.map { $0.lowercased() }
            path.append(lowered[0] + lowered.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
        }
        return path
    }

    /// A plain scalar, typed by YAML's rules (`9000` is a number, `true` a boolean), or a flow
    /// collection when the value starts with `[` or `{` and parses as one (`[a, b]` sets a
    /// list). `[::1]:8443` does not parse, so it stays the address it is.
    static func node(for value: String) -> Node {
        if let first = value.first, first == "[" || first == "{",
            let parsed = try? compose(yaml: value), parsed.isCollection
        {
            return parsed
        }
        return Node(value, .implicit, .plain)
    }

    /// `node` with `value` stored at `path[depth...]`, creating the mappings on the way.
    static func setting(
        _ value: Node, at path: [String], depth: Int, in node: Node?, variable: String, source: String
    ) throws(ConfigError) -> Node {
        guard depth < path.count else { return value }
        var pairs: [(Node, Node)] = []
        switch node {
        case .mapping(let mapping):
            pairs = mapping.map { ($0.key, $0.value) }
        case let other? where !other.isNull:
            throw ConfigError(
                code: .invalidEnvironment,
                message: "environment variable \(variable) sets '\(path.joined(separator: "."))', but "
                    + "'\(path[..<depth].joined(separator: "."))' is \(other.shortDescription) in \(source), not a mapping"
            )
        default:
            break  // absent or null: start an empty mapping
        }
        let key = path[depth]
        if let index = pairs.firstIndex(where: { $0.0.keyString == key }) {
            pairs[index].1 = try setting(
                value, at: path, depth: depth + 1, in: pairs[index].1, variable: variable, source: source)
        } else {
            pairs.append(
                (
                    Node(key),
                    try setting(
                        value, at: path, depth: depth + 1, in: nil, variable: variable, source: source)
                ))
        }
        return Node(pairs)
    }
}
