import ArgumentParser
import PalisadeRPC

/// How the CLI reaches a Palisade service: address and TLS material.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "The service address, host:port.")
    var address: String

    @OptionGroup var tls: TLSClientOptions

    /// Builds a client for the configured address.
    func makeClient() throws -> RPCClient {
        try tls.makeClient(address: address)
    }
}
