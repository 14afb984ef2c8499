import Foundation
import PalisadeMessages

/// How the identity commands show their answers: labelled lines like `palisade policies show`,
/// enum values by name (`--json` prints the wire's JSON, numbers).
enum IdentityFormat {
    /// The width of the labels, so the values line up.
    private static let labelWidth = 13

    /// `palisade identity status`: the state with what it means, then what the provider has,
    /// and how old the answer is (the Entra service answers from its copy of the directory).
    static func status(_ status: UserStatus, now: Date) -> String {
        var lines = [labelled("state", "\(MessageNames.userState.name(of: status.state)) (\(meaning(of: status.state)))")]
        if !status.displayName.isEmpty { lines.append(labelled("name", status.displayName)) }
        if !status.email.isEmpty { lines.append(labelled("address", status.email)) }
        if !status.providerID.isEmpty { lines.append(labelled("provider id", status.providerID)) }
        lines.append(labelled("provider", status.provider))
        if let deleted = status.deleted { lines.append(labelled("deleted", TerminalText.timestamp(deleted))) }
        lines.append(labelled("as of", "\(TerminalText.timestamp(status.asOf)) (\(age(of: status.asOf, now: now)))"))
        return lines.joined(separator: "\n")
    }

    /// What a state means for the operator.
    static func meaning(of state: UserState) -> String {
        switch state {
        case .active: "exists and may sign in"
        case .disabled: "exists and may not sign in"
        case .deleted: "deleted or deprovisioned; cannot be acted on"
        case .notFound: "the provider has no such user"
        case .unspecified: "a state this palisade does not know"
        }
    }

    /// How long ago `date` was, roughly: `12 s ago`, `4 min ago`, `3 h 5 min ago`, `2 d ago`.
    static func age(of date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date).rounded(.down))
        // A provider clock a little ahead of ours is not a reason for alarm, but it is said.
        if seconds < 0 { return "\(-seconds) s ahead of this machine's clock" }
        if seconds < 60 { return "\(seconds) s ago" }
        if seconds < 3600 { return "\(seconds / 60) min ago" }
        if seconds < 86_400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min ago" }
        return "\(seconds / 86_400) d ago"
    }

    /// An action's answer: a sentence saying what happened, then its labelled facts; a replayed
    /// answer says so first, since the provider was not asked this time.
    static func result(_ result: UserActionResult, key: String) -> String {
        let user = result.email.isEmpty ? result.providerID : result.email
        var lines = [TerminalText.printable((result.replayed ? "replayed: " : "") + headline(result, user: user))]
        if result.replayed {
            lines.append(
                labelled(
                    "replayed", "the stored answer of an earlier call with this key; \(result.provider) was not asked again"))
        }
        lines += [
            labelled("action", MessageNames.identityAction.name(of: result.action)),
            labelled("outcome", outcome(result.outcome)),
            labelled("user", result.providerID.isEmpty ? user : "\(user) (provider id \(result.providerID))"),
            labelled("provider", result.provider),
            labelled("request id", result.providerRequestID.isEmpty ? "none (no provider call was needed)" : result.providerRequestID),
            labelled("completed", TerminalText.timestamp(result.completed)),
            labelled("key", key),
        ]
        if !result.detail.isEmpty { lines.append(labelled("detail", result.detail)) }
        return lines.joined(separator: "\n")
    }

    /// The outcome as a person reads it.
    static func outcome(_ outcome: ActionOutcome) -> String {
        switch outcome {
        case .applied: "applied (the provider did it)"
        case .alreadyDone: "already so (nothing changed)"
        case .unspecified: MessageNames.actionOutcome.name(of: outcome)
        }
    }

    /// What happened, in a sentence: `suspended ana@acme.test: sign-in blocked`.
    static func headline(_ result: UserActionResult, user: String) -> String {
        switch (result.action, result.outcome) {
        case (.notifyUser, _): "notified \(user): the notice was sent"
        case (.requireSignIn, _): "\(user) must sign in again: sessions and refresh tokens revoked"
        case (.suspendUser, .alreadyDone): "\(user) was already suspended: nothing changed"
        case (.suspendUser, _): "suspended \(user): sign-in blocked"
        case (.unsuspendUser, .alreadyDone): "\(user) could already sign in: nothing changed"
        case (.unsuspendUser, _): "unsuspended \(user): sign-in allowed again"
        case (.unspecified, _): "\(user): \(MessageNames.actionOutcome.name(of: result.outcome))"
        }
    }

    /// `palisade identity actions`: the provider, where it acts, what it does and how notices go.
    static func capabilities(_ capabilities: IdentityCapabilities) -> String {
        [
            labelled("provider", capabilities.provider),
            labelled("tenant", capabilities.tenant),
            labelled(
                "actions",
                capabilities.actions.isEmpty
                    ? "none" : capabilities.actions.map(MessageNames.identityAction.name(of:)).joined(separator: ", ")),
            labelled("notices", capabilities.notifyChannel.isEmpty ? "not sent (no channel configured)" : capabilities.notifyChannel),
        ].joined(separator: "\n")
    }

    private static func labelled(_ label: String, _ value: String) -> String {
        label + String(repeating: " ", count: max(1, labelWidth - label.count)) + TerminalText.printable(value)
    }
}
