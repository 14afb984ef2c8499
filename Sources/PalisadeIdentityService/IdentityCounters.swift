import PalisadeMessages
import Synchronization

/// The identity service's counters, rendered as Prometheus text.
final class IdentityCounters: Sendable {
    let statuses = Atomic<Int>(0)
    let replays = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    /// Actions taken, by action and outcome.
    private let actions = Mutex<[ActionTally: Int]>([:])

    private struct ActionTally: Hashable {
        let action: IdentityAction
        let outcome: ActionOutcome
    }

    func count(_ action: IdentityAction, _ outcome: ActionOutcome) {
        actions.withLock { $0[ActionTally(action: action, outcome: outcome), default: 0] += 1 }
    }

    var text: String {
        var lines = [
            "# TYPE palisade_identity_status_calls_total counter",
            "palisade_identity_status_calls_total \(statuses.load(ordering: .relaxed))",
            "# TYPE palisade_identity_actions_total counter",
        ]
        let tallies = actions.withLock { $0 }
        for action in [IdentityAction.notifyUser, .requireSignIn, .suspendUser, .unsuspendUser] {
            for (outcome, name) in [(ActionOutcome.applied, "applied"), (.alreadyDone, "already_done")] {
                let count = tallies[ActionTally(action: action, outcome: outcome)] ?? 0
                lines.append(#"palisade_identity_actions_total{action="\#(action.name)",outcome="\#(name)"} \#(count)"#)
            }
        }
        lines += [
            "# TYPE palisade_identity_replayed_total counter",
            "palisade_identity_replayed_total \(replays.load(ordering: .relaxed))",
            "# TYPE palisade_identity_failures_total counter",
            "palisade_identity_failures_total \(failures.load(ordering: .relaxed))",
        ]
        return lines.joined(separator: "\n")
    }
}
