import ArgumentParser

/// `palisade`: the operator and automation entry point.
@main
struct Palisade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade",
        abstract:
            "Operate a Palisade mesh: certificates, health, connections, activities, policies, identity actions (and, as it lands, alerts).",
        version: "0.1.0",
        subcommands: [
            Certs.self, Health.self, Connect.self, Connections.self, Sync.self, Disconnect.self, Activities.self, IPRanges.self,
            Policies.self, Detect.self, Identity.self,
        ]
    )
}
