import ArgumentParser
import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeService
import PalisadeTLS
import ServiceLifecycle

/// `palisade-sim smtp`: an SMTP sink that records every message it accepts, for the identity
/// services' e-mail notifications in tests and the demo.
struct SMTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp",
        abstract: "Serve an SMTP sink (ESMTP, STARTTLS, AUTH PLAIN/LOGIN) that records the messages it accepts.",
        discussion: "Point the mailer's relay at the printed smtp:// address. Faults: " + SMTPSinkFault.grammar
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port (0 = any free port; see --address-file).")
    var port = 0

    @Option(help: "Server certificate chain (PEM) for STARTTLS; without --cert/--key STARTTLS is not offered.")
    var cert: String?

    @Option(help: "Server private key (PEM).")
    var key: String?

    @Flag(help: "TLS from the first byte (smtps://) instead of STARTTLS; needs --cert/--key.")
    var implicitTLS = false

    @Option(help: "A user name for AUTH PLAIN/LOGIN; with --password, AUTH is required before MAIL.")
    var user: String?

    @Option(help: "The password of --user.")
    var password: String?

    @Flag(help: "Refuse MAIL and AUTH before STARTTLS (530).")
    var requireTLS = false

    @Option(help: "A recipient domain to accept (repeatable; none = any); others get 550.")
    var acceptDomain: [String] = []

    @Option(help: "The largest message in bytes (advertised as SIZE; larger get 552).")
    var maxMessageSize = 10 << 20

    @Option(help: "Seconds a client may stay silent before 421 and disconnect.")
    var idleTimeout = 30

    @Option(help: "A fault to inject (repeatable), e.g. 451, 550x3, slow=500ms, no-starttls.")
    var fault: [String] = []

    @Option(help: "Serve GET /_sim/messages (JSON) on this port of --host (0 = any free port).")
    var inspectPort: Int?

    @Option(help: "Write the smtp:// address here once listening, and the inspection http:// address on a second line.")
    var addressFile: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel = "notice"

    func validate() throws {
        if (cert == nil) != (key == nil) { throw ValidationError("STARTTLS needs both --cert and --key") }
        if (user == nil) != (password == nil) { throw ValidationError("AUTH needs both --user and --password") }
        if requireTLS || implicitTLS, cert == nil { throw ValidationError("--require-tls and --implicit-tls need --cert and --key") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        if let inspectPort, !(0...65_535).contains(inspectPort) { throw ValidationError("--inspect-port must be 0…65535") }
        guard maxMessageSize >= 1024 else { throw ValidationError("--max-message-size must be at least 1024") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second") }
        try SimulatorOutputOptions.validate(logLevel: logLevel)
        for spec in fault where SMTPSinkFault(parsing: spec) == nil {
            throw ValidationError("--fault '\(spec)' is not one of: \(SMTPSinkFault.grammar)")
        }
    }

    func run() async throws {
        let logger = SimulatorOutputOptions.logger(label: "palisade-sim.smtp", logLevel: logLevel)

        var configuration = SMTPSinkConfiguration(host: host, port: port)
        if let cert, let key {
            configuration.tls = try TLSContext(
                server: .server(certificateChain: .file(cert), privateKey: .file(key), clientCertificate: .none))
        }
        if let user, let password { configuration.users = [user: password] }
        configuration.requireTLS = requireTLS
        configuration.implicitTLS = implicitTLS
        configuration.acceptedDomains = acceptDomain
        configuration.maxMessageSize = maxMessageSize
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.faults = fault.compactMap(SMTPSinkFault.init(parsing:))

        let sink = SMTPSink(configuration: configuration)
        let smtpPort = try sink.start()
        defer { sink.stop() }
        let address = "\(implicitTLS ? "smtps" : "smtp")://\(host.contains(":") ? "[\(host)]" : host):\(smtpPort)"
        var lines = [address]
        var services: [any Service] = [SMTPSinkService()]
        if let inspectPort {
            let inspection = try SMTPSinkInspection(sink: sink, host: host, port: inspectPort, logger: logger)
            let bound = try inspection.start()
            lines.append("http://\(host.contains(":") ? "[\(host)]" : host):\(bound)")
            services.append(SMTPInspectionService(inspection: inspection))
        }
        if let addressFile { try SlackCommand.writeWhole(Data((lines.joined(separator: "\n") + "\n").utf8), to: addressFile) }
        logger.notice(
            "smtp sink listening",
            metadata: [
                "address": "\(address)", "inspect": "\(lines.count > 1 ? lines[1] : "-")",
                "starttls": "\(configuration.tls != nil)", "auth": "\(user ?? "-")", "require_tls": "\(requireTLS)",
                "faults": "\(configuration.faults.map(\.description).joined(separator: ","))",
            ])
        try await ServiceRunner.run(services, logger: logger)
        let stats = sink.stats
        logger.notice(
            "smtp sink stopped",
            metadata: [
                "connections": "\(stats.connections)", "messages": "\(stats.messagesAccepted)", "refused": "\(stats.messagesRefused)",
                "tls_sessions": "\(stats.tlsSessions)", "auth_failures": "\(stats.authenticationFailures)",
            ])
    }
}

/// Keeps the service group alive while the sink's own threads serve; the group's graceful
/// shutdown (SIGTERM/SIGINT) ends it, and the command then stops the sink.
private struct SMTPSinkService: Service {
    func run() async throws {
        try await gracefulShutdown()
    }
}

/// Runs the inspection endpoint until graceful shutdown.
private struct SMTPInspectionService: Service {
    let inspection: SMTPSinkInspection

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await inspection.run()
        } onGracefulShutdown: {
            inspection.stop()
        }
    }
}
