import ArgumentParser
import Foundation
import PalisadeRPC

/// How the CLI reaches a Palisade service: address and TLS material.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "The service address, host:port.")
    var address: String

    @OptionGroup var tls: TLSClientOptions

    /// Builds a client for the address, TLS material from the flags, then the environment,
    /// then the profile.
    func makeClient(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RPCClient {
        let profile = try ClientProfile.load(path: ClientProfile.path(environment: environment))
        return try tls.makeClient(address: address, environment: environment, profile: profile)
    }
}
