import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade policies enable` and `disable`: the same call with the switch the other way.
protocol PolicySwitchCommand: AsyncParsableCommand {
    /// What the command sets the switch to.
    static var enabled: Bool { get }
    /// Where detection is.
    var detection: DetectionClientOptions { get }
    /// The policy's name.
    var name: String { get }
}

extension PolicySwitchCommand {
    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try detection.makeClient(), output: StandardOutput())
        }
    }

    /// Switches the policy through `rpc` and prints its state.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let policy = try await rpc.call(
            DetectionAPI.setPolicyEnabled, PolicySwitch(name: name, enabled: Self.enabled), options: detection.callOptions)
        output.line(PolicyFormat.switched(policy))
    }
}
