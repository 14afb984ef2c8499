import GRPCCore

/// The server side of `palisade.bench.v1.Echo`, registered by hand with raw-bytes coding.
///
/// Every handler uses the streaming form of the router API; unary-shaped methods collect
/// their single request with `ServerRequest(stream:)`, exactly as generated code does.
struct EchoService: RegistrableRPCService {
    /// Largest `Pull` message size accepted: the transport's default 4 MiB message limit.
    static let maxPullMessageSize = 4 * 1024 * 1024

    /// Registers `Unary`, `Push`, `Pull` and `Chat` with `router`.
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Echo.unary,
            deserializer: RawBytesDeserializer(),
            serializer: RawBytesSerializer()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: single.message))
        }

        router.registerHandler(
            forMethod: Echo.push,
            deserializer: RawBytesDeserializer(),
            serializer: RawBytesSerializer()
        ) { request, _ in
            var count: UInt64 = 0
            for try await _ in request.messages { count += 1 }
            return StreamingServerResponse(single: ServerResponse(message: Echo.encodeCount(count)))
        }

        router.registerHandler(
            forMethod: Echo.pull,
            deserializer: RawBytesDeserializer(),
            serializer: RawBytesSerializer()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            guard let (count, size) = Echo.parsePull(single.message) else {
                throw RPCError(
                    code: .invalidArgument,
                    message: "Pull expects 12 bytes: count (UInt64 LE) and size (UInt32 LE)"
                )
            }
            guard size <= Self.maxPullMessageSize else {
                throw RPCError(
                    code: .resourceExhausted,
                    message: "Pull message size \(size) exceeds \(Self.maxPullMessageSize) bytes"
                )
            }
            return StreamingServerResponse { writer in
                let payload = Echo.pullPayload(size: size)
                var sent: UInt64 = 0
                while sent < count {
                    try Task.checkCancellation()
                    try await writer.write(payload)
                    sent += 1
                }
                return [:]
            }
        }

        router.registerHandler(
            forMethod: Echo.chat,
            deserializer: RawBytesDeserializer(),
            serializer: RawBytesSerializer()
        ) { request, _ in
            StreamingServerResponse { writer in
                for try await message in request.messages {
                    try await writer.write(message)
                }
                return [:]
            }
        }
    }
}
