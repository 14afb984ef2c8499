import PalisadeRPC

/// The faults that hit one `/audit/v1/logs` request, decided before it is answered.
struct FaultPlan: Sendable, Equatable {
    var delay: Duration?
    var rateLimitedFor: Int?
    var serverError: Int?
    var invalidCursor = false
    var revokeToken = false
    var quirks = false
    var bodyFault: BodyFault?

    /// How a successful page is spoiled; one at a time (the first configured wins).
    enum BodyFault: Sendable, Equatable {
        case truncated, invalidJSON, brokenTransfer
    }

    /// The plan for request `number` (from 1) under `faults`.
    init(faults: [SimulatorFault], request number: Int, seed: UInt64) {
        for (index, fault) in faults.enumerated() where fault.fires(onRequest: number, seed: seed, index: index) {
            switch fault.kind {
            case .slow(let duration): delay = max(delay ?? .zero, duration)
            case .rateLimited(let seconds): rateLimitedFor = rateLimitedFor ?? seconds
            case .serverError(let status): serverError = serverError ?? status
            case .invalidCursor: invalidCursor = true
            case .revokeToken: revokeToken = true
            case .quirks: quirks = true
            case .truncated: bodyFault = bodyFault ?? .truncated
            case .invalidJSON: bodyFault = bodyFault ?? .invalidJSON
            case .brokenTransfer: bodyFault = bodyFault ?? .brokenTransfer
            }
        }
    }

    /// Spoils a complete 200 page as planned; the page itself was computed normally, so a
    /// clean retry gets the same entries and cursor.
    static func spoil(_ response: inout HTTPServerResponse, with fault: BodyFault) {
        let half = response.body.count / 2
        switch fault {
        case .truncated:
            response.body.removeSubrange(half...)
        case .invalidJSON:
            // A raw NUL is invalid anywhere in JSON: between tokens, in a number, in a string.
            if half < response.body.count { response.body[half] = 0 }
        case .brokenTransfer:
            response.abortAfterBytes = half
        }
    }
}
