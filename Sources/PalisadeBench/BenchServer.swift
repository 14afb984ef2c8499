import Foundation
import PalisadeRPC
import PalisadeTLS
import PalisadeWire

/// A `palisade-bench rpc-server` child process, fresh for each measured transport.
final class BenchServer {
    let process = Process()
    let port: Int
    let clientSecurity: TransportSecurity
    /// For `--transport tls`: a client context with the same certificate offering only
    /// `http/1.1` by ALPN (the HTTP/1.1 attacks); nil for h2c.
    let http1ClientTLS: TLSContext?
    private let directory: URL

    var pid: Int32 { process.processIdentifier }

    /// Starts the server. `extraArguments` go to `rpc-server`; `fileLimit` runs it under
    /// `ulimit -n` (through `sh -c ... exec`, so `pid` is still the server's); `standardError`
    /// receives its log instead of this process's stderr.
    init(
        transport: String, handlers: String, extraArguments: [String] = [], fileLimit: Int? = nil,
        standardError: FileHandle? = nil
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-\(UUID().uuidString)")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = ["rpc-server", "--port", "0", "--handlers", handlers]
        switch transport {
        case "h2c":
            arguments.append("--plaintext")
            clientSecurity = .plaintext
            http1ClientTLS = nil
        case "tls":
            // Mutual TLS, as between Palisade services.
            let root = try CertificateAuthority.createRoot(commonName: "bench CA", validity: .seconds(86_400))
            let server = try CertificateAuthority.issue(
                commonName: "echo", uris: ["spiffe://palisade/echo"], dnsNames: ["localhost"],
                ipAddresses: ["127.0.0.1"], validity: .seconds(86_400), issuer: root)
            let client = try CertificateAuthority.issue(
                commonName: "bench", uris: ["spiffe://palisade/operator/bench"], dnsNames: [],
                ipAddresses: [], validity: .seconds(86_400), issuer: root)
            let path = { (name: String) in directory.appendingPathComponent(name).path }
            try root.certificatePEM.write(toFile: path("ca.pem"), atomically: false, encoding: .utf8)
            try CertificateAuthority.write(server, certificatePath: path("server.pem"), keyPath: path("server.key"))
            arguments += ["--cert", path("server.pem"), "--key", path("server.key"), "--ca", path("ca.pem")]
            var clientTLS = TLSConfiguration.client(
                trustRoots: .pem(root.certificatePEM), certificateChain: .pem(client.certificatePEM),
                privateKey: .pem(client.privateKeyPEM))
            clientSecurity = .tls(try TLSContext(client: clientTLS))
            clientTLS.applicationProtocols = ["http/1.1"]
            http1ClientTLS = try TLSContext(client: clientTLS)
        default:
            throw RPCError(.invalidArgument, "unknown transport '\(transport)' (h2c or tls)")
        }
        arguments += extraArguments
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: executable.path) {
            executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        if let fileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if let standardError { process.standardError = standardError }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The server prints "listening on 127.0.0.1:PORT (...)" once it accepts connections.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.range(of: "127.0.0.1:"),
            let port = Int(text[colon.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw RPCError(.unavailable, "the benchmark server did not start: \(text)")
        }
        self.port = port
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
