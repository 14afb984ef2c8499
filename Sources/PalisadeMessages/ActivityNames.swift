// The names people write for the Activity enums' values (the CLI's options and tables, policy
// files): the protocol's names in lower case with `-` for `_` (`FAILED_LOGIN` is `failed-login`).
// The wire's JSON carries the numbers; these are for people.

/// Looks values up in the names tables (`ActivityCategory.named`, `Severity.named`…), the same
/// way for every reader of names: the CLI's options and tables, policy files.
public enum ValueNames {
    /// The value `text` names: any case, `_` and `-` alike (`FAILED_LOGIN` is `failed-login`).
    public static func value<Value>(named text: some StringProtocol, in names: [(name: String, value: Value)]) -> Value? {
        let wanted = String(text.lowercased().map { $0 == "_" ? "-" : $0 })
        return names.first { $0.name == wanted }?.value
    }

    /// The name of `value`; nil when the table has none for it (an older reader, a newer value).
    public static func name<Value: Equatable>(of value: Value, in names: [(name: String, value: Value)]) -> String? {
        names.first { $0.value == value }?.name
    }
}

extension ActivityCategory {
    /// Every category a person may name, in the order lists show them.
    public static let named: [(name: String, value: ActivityCategory)] = [
        ("login", .login), ("failed-login", .failedLogin), ("logout", .logout), ("credential", .credential),
        ("file", .file), ("channel", .channel), ("membership", .membership), ("message", .message), ("role", .role),
        ("user-management", .userManagement), ("app", .app), ("workflow", .workflow), ("admin-setting", .adminSetting),
        ("export", .export), ("ai", .ai), ("huddle", .huddle), ("anomaly", .anomaly), ("other", .other),
    ]
}

extension IPCategory {
    /// Every category a range may have, in the order lists show them (`none`, an address in no
    /// range, is not a range's).
    public static let rangeNamed: [(name: String, value: IPCategory)] = [
        ("corporate", .corporate), ("administrative", .administrative), ("risky", .risky), ("vpn", .vpn),
        ("cloud-provider", .cloudProvider), ("other", .other),
    ]

    /// Every category an activity's address may have: a range's, or `none`.
    public static let named: [(name: String, value: IPCategory)] = rangeNamed + [("none", .none)]
}

extension ActivityActorKind {
    /// Every kind a person may name.
    public static let named: [(name: String, value: ActivityActorKind)] = [
        ("user", .user), ("bot", .bot), ("slack", .slack), ("other", .other),
    ]
}
