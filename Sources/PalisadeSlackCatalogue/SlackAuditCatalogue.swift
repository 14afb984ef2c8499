import PalisadeJSON

/// Slack's published catalogues of audit actions and entity schemas, as served by
/// `GET /audit/v1/actions` and `GET /audit/v1/schemas` (captured 2026-08-05).
///
/// The bodies are the files in `shared/` copied byte for byte into
/// `SlackAuditCatalogue+Data.swift`. The Slack simulator serves them, so the connector is tested
/// against exactly what Slack sends; ingestion ships the actions list to categorise actions and to
/// notice the ones Slack added since (`Protocol/activity.md`, "Category").
public enum SlackAuditCatalogue {
    /// The `/audit/v1/actions` body: `{"actions":{"<category>":["action", …], …}}`.
    public static let actions: [UInt8] = Array(actionsText.utf8)

    /// The `/audit/v1/schemas` body: `{"schemas":[{"type":"user","user":{…}}, …]}`.
    public static let schemas: [UInt8] = Array(schemasText.utf8)

    /// The catalogue's keys in file order, each with its actions in file order. An action may be
    /// listed under two keys.
    ///
    /// Parsed once; the file is a compile-time constant checked by a test, so a parse failure
    /// cannot happen at run time, and would only empty the list rather than crash.
    public static let actionsByKey: [(key: String, actions: [String])] = {
        guard let root = try? JSONElement.parse(actions), let keys = root["actions"]?.members else { return [] }
        return keys.map { member in
            guard case .array(let names) = member.element.value else { return (member.key, []) }
            return (member.key, names.compactMap(\.string))
        }
    }()

    /// Every action name in ``actions`` (the simulator's `action` filter accepts these).
    public static let actionNames: Set<String> = Set(actionsByKey.flatMap(\.actions))
}
