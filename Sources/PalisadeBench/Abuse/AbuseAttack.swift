/// The attacks of `palisade-bench abuse`, in the order they run, each with the server's
/// expected reaction.
///
/// `expectation` is the one place that says what a hardened server does about each attack;
/// the shared bounds (alive, memory, latency, CPU afterwards, normal calls) apply to all.
enum AbuseAttack: String, CaseIterable, Sendable {
    /// HEADERS + DATA + RST_STREAM per stream on one connection, never reading.
    case rapidReset = "rapid-reset"
    /// The same, reconnecting whenever the server closes.
    case rapidResetReconnect = "rapid-reset-reconnect"
    /// 400 streams announcing ~4 MiB messages that never finish.
    case unfinishedMessages = "unfinished-messages"
    /// Endless Pull streams with a zero receive window.
    case zeroWindowPull = "zero-window-pull"
    /// 1,100 silent connections against a server limited to 1,024 descriptors.
    case idleConnections = "idle-connections"
    /// A 16 KiB header block decoding to ~50 MB.
    case hpackBomb = "hpack-bomb"
    /// A header block that never ends.
    case continuationFlood = "continuation-flood"
    /// 20 KiB header values, repeated.
    case oversizedHeaders = "oversized-headers"
    /// SETTINGS as fast as possible, never reading.
    case settingsFlood = "settings-flood"
    /// PING as fast as possible, never reading.
    case pingFlood = "ping-flood"
    /// One Chat stream fed one byte per DATA frame.
    case dataDribble = "data-dribble"
    /// Random bytes instead of a preface.
    case garbage
    /// 50 well-behaved clients calling in parallel.
    case requestStorm = "request-storm"
    /// Malformed and expired grpc-timeout values.
    case badDeadline = "bad-deadline"
    /// HEADERS on a stream id below one already used.
    case lowerStreamID = "lower-stream-id"
    /// 200 HTTP/1.1 connections each trickling a request head, one byte per 100 ms.
    case http1SlowHeads = "http1-slow-heads"
    /// Pipelined HTTP/1.1 requests as fast as possible, never reading an answer.
    case http1Pipelining = "http1-pipelining"
    /// HTTP/1.1 requests framed two ways at once (Content-Length and Transfer-Encoding).
    case http1Smuggling = "http1-smuggling"

    /// What the server must do about the attack (on top of the shared bounds).
    var expectation: AbuseExpectation {
        switch self {
        case .rapidReset, .rapidResetReconnect: return .all([.goAway(H2Code.enhanceYourCalm), .closed])
        // Bounded memory is the point; refusing the streams is allowed, not required.
        case .unfinishedMessages: return .noReaction
        case .zeroWindowPull: return .serverIdle(after: 1, maxCores: 0.1)
        // Judged on the normal client's fresh connections (shared bound: every call succeeds).
        case .idleConnections: return .noReaction
        case .hpackBomb: return .goAway(H2Code.enhanceYourCalm)
        case .continuationFlood, .settingsFlood, .pingFlood: return .goAwayOrClosed(H2Code.enhanceYourCalm)
        case .oversizedHeaders: return .all([.streamsRefusedOrAnswered, .goAway(nil)])
        case .dataDribble: return .noReaction
        case .garbage: return .closed
        case .requestStorm: return .callsSucceeded
        case .badDeadline: return .grpcStatuses(["1x": 13, "-5S": 13, "123456789S": 13, "0n": 4])
        case .lowerStreamID: return .goAway(H2Code.protocolError)
        // Bounded memory and CPU, others served: each head is answered 408 and closed after the
        // server's first-request timeout (10 s), longer than a short run.
        case .http1SlowHeads, .http1Pipelining: return .noReaction
        case .http1Smuggling: return .closed
        }
    }

    /// The attacker.
    var attacker: any AbuseAttacker {
        switch self {
        case .rapidReset: return RapidResetAttack(reconnect: false)
        case .rapidResetReconnect: return RapidResetAttack(reconnect: true)
        case .unfinishedMessages: return UnfinishedMessagesAttack()
        case .zeroWindowPull: return ZeroWindowPullAttack()
        case .idleConnections: return IdleConnectionsAttack()
        case .hpackBomb: return HPACKBombAttack()
        case .continuationFlood: return ContinuationFloodAttack()
        case .oversizedHeaders: return OversizedHeadersAttack()
        case .settingsFlood: return ControlFrameFloodAttack(kind: .settings)
        case .pingFlood: return ControlFrameFloodAttack(kind: .ping)
        case .dataDribble: return DataDribbleAttack()
        case .garbage: return GarbageAttack()
        case .requestStorm: return RequestStormAttack()
        case .badDeadline: return BadDeadlineAttack()
        case .lowerStreamID: return LowerStreamIDAttack()
        case .http1SlowHeads: return HTTP1SlowHeadsAttack()
        case .http1Pipelining: return HTTP1PipeliningAttack()
        case .http1Smuggling: return HTTP1SmugglingAttack()
        }
    }

    /// `ulimit -n` for the server process (idle-connections: fewer descriptors than attackers).
    var serverFileLimit: Int? { self == .idleConnections ? 1024 : nil }

    /// The normal client also opens a fresh connection every 250 ms.
    var probesFreshConnections: Bool { self == .idleConnections }
}
