import Foundation
import PalisadeMessages
import PalisadePolicies
import PalisadeRPC
import PalisadeStorage
import PalisadeTLS
import PalisadeWire

/// The custom policies' methods (`Protocol/detection.md` "Custom policies").
extension DetectionService {
    var policyRoutes: [RPCRoute] {
        [
            .unary(DetectionAPI.createPolicy) { [self] document, _ in try await put(document, create: true) },
            .unary(DetectionAPI.updatePolicy) { [self] document, _ in try await put(document, create: false) },
            .unary(DetectionAPI.setPolicyEnabled) { [self] change, context in
                let caller = context.peer?.spiffeName ?? "an operator"
                return try await answer {
                    let overLimit = pipeline.policyStatuses[change.name].map { !$0.isEnabled } ?? false
                    return try policies.setEnabled(change.name, change.enabled, by: caller, overLimit: overLimit, now: Self.now)
                }
            },
            .unary(DetectionAPI.listPolicies) { [self] _, _ in
                let counts = try await findingCounts()
                let statuses = pipeline.policyStatuses
                return PolicyList(policies: policies.all.map { info($0, counts: counts, statuses: statuses, withSource: false) })
            },
            .unary(DetectionAPI.getPolicy) { [self] reference, _ in try await answer { try policies.entry(reference.name) } },
            .unary(DetectionAPI.deletePolicy) { [self] reference, _ in
                try mapped { try policies.delete(reference.name) }
                await pipeline.policiesApplied()
                return Empty()
            },
        ]
    }

    /// `CreatePolicy` (`create`) or `UpdatePolicy`: parsed first, so a bad source is always
    /// `INVALID_ARGUMENT`.
    private func put(_ document: PolicyDocument, create: Bool) async throws -> PolicyInfo {
        let file = document.fileName.isEmpty ? "policy" : document.fileName
        return try await answer { try policies.put(source: document.source, file: file, create: create, now: Self.now) }
    }

    /// Runs a change and answers the policy it leaves, with its source.
    private func answer(_ change: () throws -> (stored: StoredPolicy, policy: ActivityPolicy)) async throws -> PolicyInfo {
        let entry = try mapped(change)
        await pipeline.policiesApplied()
        return info(entry, counts: try await findingCounts(), statuses: pipeline.policyStatuses, withSource: true)
    }

    /// Findings per source.
    private func findingCounts() async throws -> [String: UInt64] {
        do {
            return try await pipeline.store.findingCounts()
        } catch {
            throw error.rpcError
        }
    }

    /// `body`, its refusals as statuses.
    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PolicyError {
            throw RPCError(.invalidArgument, error.description)
        } catch let error as PolicyBookError {
            switch error.code {
            case .exists: throw RPCError(.alreadyExists, error.message + " (UpdatePolicy replaces it)")
            case .notFound: throw RPCError(.notFound, error.message)
            case .conflict: throw RPCError(.aborted, error.message)
            }
        } catch let error as StorageError {
            throw error.rpcError
        }
    }

    /// A policy as `PolicyInfo` says it.
    private func info(
        _ entry: (stored: StoredPolicy, policy: ActivityPolicy), counts: [String: UInt64], statuses: [String: PolicyStatus],
        withSource: Bool
    ) -> PolicyInfo {
        let stored = entry.stored
        let policy = entry.policy
        var state = PolicyState.enabled
        var reason = ""
        if !stored.enabled {
            state = .disabled
            reason = stored.disabledBy.isEmpty ? "its file says enabled: false" : "disabled by \(stored.disabledBy)"
        } else if let status = statuses[stored.name], !status.isEnabled {
            state = .overDailyLimit
            reason = status.reason ?? ""
        }
        return PolicyInfo(
            name: stored.name, description: policy.description, severity: policy.severity, state: state, reason: reason,
            source: withSource ? stored.source : "", created: Date(timeIntervalSince1970: TimeInterval(stored.created)),
            updated: Date(timeIntervalSince1970: TimeInterval(stored.updated)), findings: counts["policy:\(stored.name)"] ?? 0,
            threshold: policy.threshold != nil, actions: policy.actions)
    }

    /// Now, in Unix seconds.
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}
