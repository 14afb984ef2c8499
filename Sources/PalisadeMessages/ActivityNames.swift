// The names people write for the Activity enums' values (the CLI's options and tables, policy
// files): the protocol's names in lower case with `-` for `_` (`FAILED_LOGIN` is `failed-login`).
// The wire's JSON carries the numbers; these are for people.

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
