import Foundation
import Logging
import PalisadeRPC

/// The SMTP sink's inspection endpoint, a small cleartext HTTP server for tests that run the
/// sink as a process (`palisade-sim smtp --inspect-port`):
///
/// - `GET /_sim/messages`: every recorded message as JSON (envelope, TLS and AUTH, the parsed
///   headers and bodies, and the raw data as text)
/// - `DELETE /_sim/messages`: forgets them
/// - `GET /_sim/stats`: the sink's counters
public final class SMTPSinkInspection: Sendable {
    private let server: PlainHTTPServer

    /// Serves `sink` on `host:port` (0 = any free port); nothing is bound until ``start()``.
    public init(sink: SMTPSink, host: String = "127.0.0.1", port: Int = 0, logger: Logger) throws(SMTPSink.StartError) {
        let configuration = PlainHTTPServer.endpointConfiguration(host: host, port: port, maxConnections: 16, maxRequestBytes: 16 << 10)
        do {
            server = try PlainHTTPServer(configuration: configuration, logger: logger) { request in
                Self.answer(request, sink: sink)
            }
        } catch {
            throw SMTPSink.StartError(message: "the inspection endpoint: \(error)")
        }
    }

    /// Binds and starts serving; returns the port.
    @discardableResult
    public func start() throws(SMTPSink.StartError) -> Int {
        do {
            return try server.start().port
        } catch {
            throw SMTPSink.StartError(message: "the inspection endpoint on port \(server.configuration.port): \(error)")
        }
    }

    /// Serves until the task is cancelled.
    public func run() async throws { try await server.run() }

    /// Stops serving (returns at once).
    public func stop() { server.beginGracefulShutdown() }

    static func answer(_ request: HTTPServerRequest, sink: SMTPSink) -> HTTPServerResponse {
        switch (request.method, request.path) {
        case ("GET", "/_sim/messages"):
            return json(sink.messages.map(MessageJSON.init))
        case ("DELETE", "/_sim/messages"):
            sink.removeAllMessages()
            return HTTPServerResponse(status: 204)
        case ("GET", "/_sim/stats"):
            return json(StatsJSON(sink.stats))
        case (_, "/_sim/messages"), (_, "/_sim/stats"):
            return HTTPServerResponse(status: 405, contentType: "text/plain", body: Array("method not allowed\n".utf8))
        default:
            return HTTPServerResponse(status: 404, contentType: "text/plain", body: Array("not found\n".utf8))
        }
    }

    private static func json(_ value: some Encodable) -> HTTPServerResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(value) else {
            return HTTPServerResponse(status: 500, contentType: "text/plain", body: Array("cannot encode\n".utf8))
        }
        return HTTPServerResponse(status: 200, contentType: "application/json; charset=utf-8", body: Array(body))
    }

    /// One message in `GET /_sim/messages`.
    struct MessageJSON: Codable {
        struct Header: Codable {
            let name: String
            let value: String
        }

        let id: Int
        let sender: String
        let recipients: [String]
        let tls: Bool
        let authenticatedUser: String?
        let clientName: String
        /// ISO 8601, UTC.
        let receivedAt: String
        let size: Int
        let subject: String?
        let from: String?
        let to: String?
        let messageID: String?
        let headers: [Header]
        let textBody: String?
        let htmlBody: String?
        /// The raw data as UTF-8 text (what Palisade sends is ASCII after transfer encoding).
        let data: String

        init(_ message: SMTPRecordedMessage) {
            let parsed = message.parsed
            id = message.id
            sender = message.sender
            recipients = message.recipients
            tls = message.tls
            authenticatedUser = message.authenticatedUser
            clientName = message.clientName
            receivedAt = ISO8601DateFormatter().string(from: message.receivedAt)
            size = message.data.count
            subject = parsed.subject
            from = parsed.from
            to = parsed.to
            messageID = parsed.messageID
            headers = parsed.headers.map { Header(name: $0.name, value: $0.value) }
            textBody = parsed.textBody
            htmlBody = parsed.htmlBody
            data = String(decoding: message.data, as: UTF8.self)
        }
    }

    struct StatsJSON: Codable {
        let connections, connectionsRefused, tlsSessions, authenticationFailures: Int
        let messagesAccepted, messagesRefused, idleTimeouts: Int

        init(_ stats: SMTPSinkStats) {
            connections = stats.connections
            connectionsRefused = stats.connectionsRefused
            tlsSessions = stats.tlsSessions
            authenticationFailures = stats.authenticationFailures
            messagesAccepted = stats.messagesAccepted
            messagesRefused = stats.messagesRefused
            idleTimeouts = stats.idleTimeouts
        }
    }
}
