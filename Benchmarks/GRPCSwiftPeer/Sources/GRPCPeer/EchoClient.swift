import ArgumentParser
import GRPCCore
import GRPCNIOTransportHTTP2Posix

/// Where and how a client subcommand connects.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "Server port.")
    var port: Int

    @Option(name: .long, help: "Server IPv4 address.")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Use TLS (the server certificate is NOT verified: loopback benchmarking only).")
    var tls = false

    /// The transport security the options ask for.
    var transportSecurity: HTTP2ClientTransport.Posix.TransportSecurity {
        guard tls else { return .plaintext }
        return .tls { config in
            config.serverCertificateVerification = .noVerification
        }
    }
}

/// Typed calls to `palisade.bench.v1.Echo` over one `GRPCClient` (hence one HTTP/2 connection).
struct EchoClient: Sendable {
    /// The underlying client; its transport keeps a single connection to one address.
    let client: GRPCClient<HTTP2ClientTransport.Posix>

    /// Per-call options (e.g. a deadline for the interop check; none for benchmarking).
    var options: CallOptions = .defaults

    /// Connects to the server described by `connection`, runs `body` with a client, then
    /// shuts the connection down gracefully.
    static func with<Result: Sendable>(
        _ connection: ConnectionOptions,
        options: CallOptions = .defaults,
        _ body: (EchoClient) async throws -> Result
    ) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: connection.host, port: connection.port),
            transportSecurity: connection.transportSecurity
        )
        return try await withGRPCClient(transport: transport) { client in
            try await body(EchoClient(client: client, options: options))
        }
    }

    /// `Unary`: sends `message` and returns the reply.
    func unary(_ message: [UInt8]) async throws -> [UInt8] {
        try await client.unary(
            request: ClientRequest(message: message),
            descriptor: Echo.unary,
            serializer: RawBytesSerializer(),
            deserializer: RawBytesDeserializer(),
            options: options
        ) { response in
            try response.message
        }
    }

    /// `Push`: streams `count` copies of `message` and returns the server's decoded count.
    func push(count: Int, of message: [UInt8]) async throws -> UInt64 {
        let request = StreamingClientRequest(of: [UInt8].self) { writer in
            for _ in 0..<count {
                try await writer.write(message)
            }
        }
        let reply = try await client.clientStreaming(
            request: request,
            descriptor: Echo.push,
            serializer: RawBytesSerializer(),
            deserializer: RawBytesDeserializer(),
            options: options
        ) { response in
            try response.message
        }
        guard let decoded = Echo.decodeCount(reply) else {
            throw PeerError("Push reply is \(reply.count) bytes, expected 8")
        }
        return decoded
    }

    /// `Pull`: asks for `count` messages of `size` bytes and returns what arrived.
    func pull(count: UInt64, size: UInt32) async throws -> [[UInt8]] {
        try await client.serverStreaming(
            request: ClientRequest(message: Echo.pullRequest(count: count, size: size)),
            descriptor: Echo.pull,
            serializer: RawBytesSerializer(),
            deserializer: RawBytesDeserializer(),
            options: options
        ) { response in
            var received: [[UInt8]] = []
            for try await message in response.messages {
                received.append(message)
            }
            return received
        }
    }

    /// `Chat`: sends `messages` on one bidirectional stream, half-closes, and returns the
    /// messages received until the server closes.
    func chat(_ messages: [[UInt8]]) async throws -> [[UInt8]] {
        let request = StreamingClientRequest(of: [UInt8].self) { writer in
            try await writer.write(contentsOf: messages)
        }
        return try await client.bidirectionalStreaming(
            request: request,
            descriptor: Echo.chat,
            serializer: RawBytesSerializer(),
            deserializer: RawBytesDeserializer(),
            options: options
        ) { response in
            var received: [[UInt8]] = []
            for try await message in response.messages {
                received.append(message)
            }
            return received
        }
    }
}

/// A failure of the peer's own checks, with a human-readable reason.
struct PeerError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    init(_ description: String) { self.description = description }
}
