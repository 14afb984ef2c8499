import ArgumentParser
import Foundation
import Logging
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator
import PalisadeTLS

/// Where an HTTPS simulator (`slack`, `entra`, `okta`) listens and with which certificate.
///
/// `--plaintext` stays in each command, between this group and the scenario's options, because
/// its help says what cleartext that simulator speaks; ``validate(plaintext:)`` and
/// ``tls(plaintext:)`` take it.
struct SimulatorListenOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port (0 = any free port; see --address-file).")
    var port = 0

    @Option(help: "Server certificate chain (PEM).")
    var cert: String?

    @Option(help: "Server private key (PEM).")
    var key: String?

    /// TLS needs both PEM files, cleartext neither; the port must be a port. (Not `validate()`:
    /// the command calls this first, so its errors come in the order they always did.)
    func validate(plaintext: Bool) throws {
        if plaintext, cert != nil || key != nil { throw ValidationError("--plaintext excludes --cert/--key") }
        if !plaintext, cert == nil || key == nil {
            throw ValidationError("TLS needs --cert and --key (PEM files), or pass --plaintext on a loopback address")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
    }

    /// The server's TLS context from `--cert`/`--key`, or nil for `--plaintext` (which the server
    /// refuses off loopback).
    func tls(plaintext: Bool) throws -> TLSContext? {
        if plaintext { return nil }
        return try TLSContext(
            server: .server(certificateChain: .file(cert ?? ""), privateKey: .file(key ?? ""), clientCertificate: .none))
    }
}

/// The last two options of an HTTPS simulator command: where to write its address, and how much
/// to log.
struct SimulatorOutputOptions: ParsableArguments {
    @Option(help: "Write the base URL here once listening (for scripts and tests).")
    var addressFile: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel = "notice"

    /// Refuses a `--log-level` that is not a level.
    func validateLogLevel() throws { try Self.validate(logLevel: logLevel) }

    /// The command's logger, after bootstrapping the logging system at `--log-level`.
    func logger(label: String) -> Logger { Self.logger(label: label, logLevel: logLevel) }

    /// Starts `server`, writes its base URL to `--address-file`, calls `listening` with it (the
    /// command's "listening" line), then serves until SIGTERM/SIGINT and returns once stopped.
    func serve(_ server: some SimulatorServing, logger: Logger, listening: (_ baseURL: String) -> Void) async throws {
        _ = try server.start()
        let base = server.baseURL ?? ""
        if let addressFile { try SlackCommand.writeWhole(Data((base + "\n").utf8), to: addressFile) }
        listening(base)
        try await ServiceRunner.run([RPCServerService(server: server.server)], logger: logger)
    }

    /// Refuses a `--log-level` that is not a level (also for `smtp`, whose address file differs).
    static func validate(logLevel: String) throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a level") }
    }

    /// Bootstraps the logging system at `logLevel` (validated) and returns a logger at that level.
    static func logger(label: String, logLevel: String) -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystemSetup.bootstrap(service: "palisade-sim", level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
