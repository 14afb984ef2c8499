import ArgumentParser
import PalisadeEcho
import PalisadeRPC

/// `palisade-bench echo`: a quick functional check of a running echo server.
struct EchoCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo",
        abstract: "Call Echo/Unary, Push, Pull and Chat once each on a running server (h2c) and report."
    )

    @Option(name: .long, help: "Server host.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Server port.")
    var port: Int = 50051

    func run() async throws {
        let client = try RPCClient(configuration: .init(host: host, port: port, security: .plaintext))
        let payload = Array("hello palisade".utf8)
        let echoed = try await client.unaryRaw(EchoService.unary, payload)
        let pushed = try await client.clientStreamingRaw(EchoService.push) { writer in
            for _ in 0..<100 { try await writer.write(payload) }
        }
        let pulled = try await client.serverStreamingRaw(EchoService.pull, EchoService.pullRequest(count: 10, size: 100)) { stream in
            var n = 0
            for try await _ in stream { n += 1 }
            return n
        }
        let chatted = try await client.bidirectionalRaw(EchoService.chat) { writer, responses in
            var n = 0
            for _ in 0..<10 {
                try await writer.write(payload)
                var it = responses.makeAsyncIterator()
                if try await it.next() != nil { n += 1 }
            }
            writer.finish()
            for try await _ in responses { n += 1 }
            return n
        }
        print(
            "unary=\(echoed == payload ? "ok" : "mismatch") push_count=\(EchoService.decodeCount(pushed) ?? 0) pull_messages=\(pulled) chat_messages=\(chatted)"
        )
    }
}
