import ArgumentParser
import Foundation
import PalisadeMessages

/// The names the CLI gives a message enum's values: accepted by the options (any case, `-` or
/// `_` alike, so `FAILED_LOGIN` from the protocol text works as well as `failed-login`) and
/// printed in tables and CSV, where the wire's JSON carries numbers.
struct NamedValues<Value: Hashable & Sendable>: Sendable {
    /// The names a person may give, each with its value, in the order `--help` lists them.
    let names: [(name: String, value: Value)]
    /// The name printed for a value with no name here (an older CLI reading a newer service).
    let fallback: String

    /// The printed name of `value`.
    func name(of value: Value) -> String {
        ValueNames.name(of: value, in: names) ?? fallback
    }

    /// The names, comma-separated, for help texts and errors.
    var list: String { names.map(\.name).joined(separator: ", ") }

    /// The value named `text`; an unknown name is an error for `option` that lists the valid
    /// ones, so a typo is fixed without reaching for the documentation.
    func value(named text: String, option: String) throws -> Value {
        guard let value = ValueNames.value(named: text.trimmingCharacters(in: .whitespaces), in: names) else {
            throw ValidationError("\(option) '\(text)' is not one of: \(list)")
        }
        return value
    }

    /// Every name in `texts` as values, in order.
    func values(named texts: [String], option: String) throws -> [Value] {
        try texts.map { try value(named: $0, option: option) }
    }
}

/// The message enums' names, one `NamedValues` each (a generic type cannot hold them itself).
enum MessageNames {
    /// `ActivityCategory` (`Protocol/activity.md`, "Category").
    static let activityCategory = NamedValues<ActivityCategory>(names: ActivityCategory.named, fallback: "unspecified")

    /// `IPCategory` as a range's category: `none` is what an address outside every range gets,
    /// never a range's own.
    static let rangeCategory = NamedValues<IPCategory>(names: IPCategory.rangeNamed, fallback: "none")

    /// `IPCategory` as a query filter: a range's categories, and `none` for addresses in no range.
    static let ipCategory = NamedValues<IPCategory>(names: IPCategory.named, fallback: "none")

    /// `ActivityActorKind`.
    static let actorKind = NamedValues<ActivityActorKind>(names: ActivityActorKind.named, fallback: "unspecified")

    /// `Severity`, as policy files write it.
    static let severity = NamedValues<Severity>(names: Severity.named, fallback: "unspecified")

    /// `GovernanceAction`, as policy files write it.
    static let governanceAction = NamedValues<GovernanceAction>(names: GovernanceAction.named, fallback: "unspecified")

    /// `PolicyState`.
    static let policyState = NamedValues<PolicyState>(names: PolicyState.named, fallback: "unspecified")

    /// `IPFeedFormat`: the feeds `LoadIPFeed` reads.
    static let feedFormat = NamedValues<IPFeedFormat>(
        names: [("tor", .tor), ("firehol", .firehol), ("spamhaus", .spamhaus), ("aws", .aws), ("azure", .azure)],
        fallback: "unspecified")

    /// `UserState`, as `palisade identity status` prints it.
    static let userState = NamedValues<UserState>(
        names: [("active", .active), ("disabled", .disabled), ("deleted", .deleted), ("not-found", .notFound)], fallback: "unspecified")

    /// `ActionOutcome`.
    static let actionOutcome = NamedValues<ActionOutcome>(
        names: [("applied", .applied), ("already-done", .alreadyDone)], fallback: "unspecified")

    /// `IdentityAction`, by the names the `palisade identity` subcommands have.
    static let identityAction = NamedValues<IdentityAction>(
        names: [IdentityAction.notifyUser, .requireSignIn, .suspendUser, .unsuspendUser].map { ($0.name, $0) }, fallback: "unspecified")
}
