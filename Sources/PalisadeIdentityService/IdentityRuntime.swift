import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import ServiceLifecycle

/// An identity service's parts, whatever its provider: the action log, the contract's handlers
/// and the provider's own long-running parts. `palisade-identity` and `palisade-identity-okta`
/// differ only in the provider they build from their configuration.
public final class IdentityRuntime: ServiceRuntime {
    /// The handlers.
    public let service: IdentityService
    /// The action log.
    public let log: ActionLog
    private let provider: any IdentityProvider

    /// Serves `provider` with `log`.
    public init(provider: any IdentityProvider, log: ActionLog, logger: Logger) {
        self.provider = provider
        self.log = log
        service = IdentityService(provider: provider, log: log, logger: logger)
    }

    public var rpcServices: [any RPCService] { [service] }
    public var services: [any Service] { provider.services }
    public var startMetadata: Logger.Metadata {
        let capabilities = provider.capabilities
        return ["database": "\(log.database.path)", "provider": "\(capabilities.provider)", "tenant": "\(capabilities.tenant)"]
    }

    public func renderMetrics() -> [UInt8] {
        var text = service.counters.text + "\n"
        let own = provider.renderMetrics()
        if !own.isEmpty { text += own + "\n" }
        if let counts = try? log.counts() {
            text += "# TYPE palisade_identity_action_log gauge\n"
            for state in ["pending", "done", "failed"] {
                text += "palisade_identity_action_log{state=\"\(state)\"} \(counts[state] ?? 0)\n"
            }
        }
        return Array(text.utf8)
    }

    public func close() { log.close() }
}
