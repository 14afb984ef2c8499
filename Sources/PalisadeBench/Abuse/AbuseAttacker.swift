import Foundation

/// One attack on the server: runs until its context's deadline (or its loop bound) and
/// reports what it saw. Implementations must stop by themselves and never block forever.
protocol AbuseAttacker: Sendable {
    /// Attacks, then returns the report.
    func run(_ context: AttackContext) async -> AttackReport
}

/// An attacker written as plain blocking code over `AttackConnection` (poll with timeouts).
///
/// `attack(_:)` runs on a thread of its own: blocking a thread of Swift's cooperative pool
/// (two threads on a 2-core machine) would slow the normal client and the sampler, whose
/// figures are the point of the suite.
protocol BlockingAttacker: AbuseAttacker {
    /// Attacks on the calling (dedicated) thread.
    func attack(_ context: AttackContext) -> AttackReport
}

extension BlockingAttacker {
    /// Runs `attack(_:)` on a new thread and waits for it without blocking the pool.
    func run(_ context: AttackContext) async -> AttackReport {
        await withCheckedContinuation { (continuation: CheckedContinuation<AttackReport, Never>) in
            let thread = Thread { continuation.resume(returning: self.attack(context)) }
            thread.name = "palisade-abuse-attacker"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }
}
