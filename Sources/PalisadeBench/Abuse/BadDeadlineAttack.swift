import PalisadeEcho
import PalisadeHTTP2

/// `bad-deadline`: requests with malformed or extreme `grpc-timeout` values, to `Echo/Unary`
/// and `Echo/Pull`.
///
/// `1x` (unknown unit), `-5S` (sign), `123456789S` (nine digits; gRPC allows eight) are not
/// timeouts at all: a server must not ignore them and run the call without a deadline, but
/// answer INTERNAL (13) at once. `0n` is a valid, already expired deadline: DEADLINE_EXCEEDED
/// (4). Each answer is read through `BlockingH2Client`, which decodes the status; the expected
/// values live in `AbuseAttack.expectation`, keyed by the timeout value.
struct BadDeadlineAttack: BlockingAttacker {
    /// The `grpc-timeout` values sent, each to both methods.
    static let timeouts = ["1x", "-5S", "123456789S", "0n"]

    /// Sends the eight requests on one connection, one at a time, each answer awaited for up to 2 s.
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let client: BlockingH2Client
        do {
            client = try BlockingH2Client(context)
        } catch {
            report.notes.append("cannot connect: \(error)")
            report.statuses = Self.timeouts.map { ObservedStatus(label: $0, timeout: $0, status: nil, trailersOnly: false) }
            return report
        }
        let calls: [(String, [UInt8])] = [
            ("Unary", H2Frames.grpcMessage([UInt8](repeating: 0x61, count: 100))),
            ("Pull", H2Frames.grpcMessage(EchoService.pullRequest(count: 3, size: 4))),
        ]
        for (method, body) in calls {
            for timeout in Self.timeouts {
                var observed = ObservedStatus(label: "\(method) \(timeout)", timeout: timeout, status: nil, trailersOnly: false)
                do {
                    let id = try client.request(
                        path: "/\(EchoService.service)/\(method)", tls: context.usesTLS,
                        extra: [H2Header("grpc-timeout", timeout)], body: body)
                    report.streamsSent += 1
                    let response = try client.response(id, seconds: 2)
                    observed.status = response.grpcStatus
                    observed.trailersOnly = response.trailersOnly
                } catch {
                    report.notes.append("\(observed.label): \(error)")
                }
                report.statuses.append(observed)
            }
        }
        client.connection.drain()
        report.record(client.connection, cut: false)
        client.connection.close()
        return report
    }
}
