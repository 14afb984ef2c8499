import Foundation
import PalisadeRPC
import PalisadeService
import PalisadeTestSupport
import Testing

/// The smallest service configuration: the shared sections only.
private struct PlainConfig: ServiceConfiguration {
    static let environmentPrefix = "PALISADE_PLAIN"
    var sections: ServiceSections
    var upstream: PeerSection

    init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: 7199)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        upstream = try container.decode(PeerSection.self, forKey: .upstream).defaultingServerName(to: "upstream")
    }

    private enum CodingKeys: String, CodingKey { case upstream }

    func validate() throws(ConfigError) {
        try validateServiceSections()
        try upstream.validate(key: "upstream", tls: tls)
    }
}

private func load(_ yaml: String, _ environment: [String: String] = [:]) throws -> PlainConfig {
    let directory = try TemporaryDirectory()
    let file = try directory.write("plain.yaml", yaml)
    return try ConfigLoader.load(PlainConfig.self, file: file, environment: environment, prefix: PlainConfig.environmentPrefix)
}

/// The message of the error `load` throws, or "" when it loads.
private func loadError(_ yaml: String) -> String {
    do {
        _ = try load(yaml)
        return ""
    } catch let error as ConfigError {
        return error.message
    } catch {
        return "\(error)"
    }
}

private let base = """
    listen: 127.0.0.1:7199
    tls:
      plaintext: true
    upstream:
      address: 127.0.0.1:7198

    """

@Suite("Shared configuration sections")
struct ServiceSectionsTests {
    @Test("absent sections take their defaults; the peer's server name defaults to the service's")
    func defaults() throws {
        let config = try load(base)
        #expect(config.log == LogSection())
        #expect(config.metrics.listen == nil)
        #expect(config.server == ServerSection())
        #expect(config.upstream.serverName == "upstream" && config.upstream.ca == nil)
        var server = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext)
        let before = (server.maxConnections, server.memoryBudget, server.idleTimeout)
        config.server.apply(to: &server)
        #expect(server.maxConnections == before.0 && server.memoryBudget == before.1 && server.idleTimeout == before.2)
    }

    @Test("server limits from the file and the environment reach the RPC server's configuration")
    func serverLimits() throws {
        let config = try load(
            base + """
                server:
                  maxConnections: 50
                  maxConcurrentStreams: 8
                  maxMessageBytes: 65536
                  memoryBudgetBytes: 16777216
                  idleTimeoutSeconds: 5
                  streamResetBurst: 10
                """, ["PALISADE_PLAIN_SERVER__EVENT_LOOPS": "3"])
        var server = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext)
        config.server.apply(to: &server)
        #expect(server.maxConnections == 50 && server.maxConcurrentStreams == 8 && server.maxMessageSize == 65536)
        #expect(server.memoryBudget == 16 << 20 && server.idleTimeout == .seconds(5) && server.eventLoopCount == 3)
        #expect(server.streamResetLimit.burst == 10 && server.streamResetLimit.perSecond == 100)
    }

    @Test(
        "bad shared sections are refused, naming the key",
        arguments: [
            ("server:\n  maxConnections: 0\n", "'server.maxConnections' is 0; expected 1…1000000"),
            ("server:\n  maxMessageBytes: 10\n", "'server.maxMessageBytes' is 10"),
            ("server:\n  maxConnection: 5\n", "maxConnection"),
            ("metrics:\n  listen: 127.0.0.1:7199\n", "a port of its own"),
            ("upstream:\n  address: 127.0.0.1:99999\n", "upstream.address"),
        ])
    func refused(yaml: String, expected: String) {
        let text =
            base.replacingOccurrences(of: "upstream:\n  address: 127.0.0.1:7198\n", with: "") + yaml
            + (yaml.hasPrefix("upstream") ? "" : "upstream:\n  address: 127.0.0.1:7198\n")
        let message = loadError(text)
        #expect(message.contains(expected), "\(message)")
    }

    @Test("cleartext towards a peer only on loopback")
    func plaintextPeer() {
        let message = loadError("listen: 127.0.0.1:7199\ntls:\n  plaintext: true\nupstream:\n  address: 10.1.2.3:7198\n")
        #expect(message.contains("'upstream.address' is 10.1.2.3:7198, which is not a loopback address"), "\(message)")
    }

    @Test("the example connector configuration's server section, uncommented, is valid")
    func exampleServerSection() throws {
        let example = try String(contentsOfFile: Self.repositoryFile("deploy/connector.example.yaml"), encoding: .utf8)
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "# server:") else {
            Issue.record("no '# server:' block in deploy/connector.example.yaml")
            return
        }
        let block = lines[start...].prefix { $0.hasPrefix("#") }.map { String($0.dropFirst(2)) }.joined(separator: "\n")
        let config = try load(base + block + "\n")
        #expect(config.server.maxConnections == 10_000 && config.server.streamResetPerSecond == 100)
    }

    /// A file of this repository, found from this source file's path.
    static func repositoryFile(_ relative: String, from source: String = #filePath) -> String {
        var url = URL(fileURLWithPath: source)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(relative).path
    }
}
