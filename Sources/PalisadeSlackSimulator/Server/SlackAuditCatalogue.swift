import Foundation

/// Slack's published catalogues of audit actions and entity schemas, as served by
/// `GET /audit/v1/actions` and `GET /audit/v1/schemas`.
///
/// The bodies are the files in `shared/` copied byte for byte into
/// `SlackAuditCatalogue+Data.swift`, so the connector is tested against exactly what Slack sends.
public enum SlackAuditCatalogue {
    /// The `/audit/v1/actions` body: `{"actions":{"<category>":["action", …], …}}`.
    public static let actions: [UInt8] = Array(actionsText.utf8)

    /// The `/audit/v1/schemas` body: `{"schemas":[{"type":"user","user":{…}}, …]}`.
    public static let schemas: [UInt8] = Array(schemasText.utf8)

    /// Every action name in ``actions`` (the `action` filter accepts these).
    ///
    /// Parsed once; the file is a compile-time constant checked by a test, so a parse failure
    /// cannot happen at run time, and would only shrink the set (every filter then answers
    /// `invalid_action`) rather than crash.
    public static let actionNames: Set<String> = {
        guard let root = try? JSONSerialization.jsonObject(with: Data(actions)) as? [String: Any],
            let categories = root["actions"] as? [String: Any]
        else { return [] }
        var names = Set<String>()
        for case let list as [Any] in categories.values {
            for case let name as String in list { names.insert(name) }
        }
        return names
    }()
}
