import Foundation
import Synchronization

/// The simulator's idea of "now" in Unix seconds: the wall clock, or a clock that tests set and
/// advance (code and token expiry, `invalid_range` for the future) without sleeping.
public final class SimulatorClock: Sendable {
    private let fixed: Mutex<Int64?>
    private let offset = Mutex<Int64>(0)

    /// A clock that follows the wall clock, or stands at `now` until advanced when given.
    public init(now: Int64? = nil) {
        fixed = Mutex(now)
    }

    /// The wall clock.
    public static var system: SimulatorClock { SimulatorClock() }

    /// The current time, Unix seconds.
    public func now() -> Int64 {
        if let fixed = fixed.withLock({ $0 }) { return fixed }
        return Int64(Date().timeIntervalSince1970) + offset.withLock { $0 }
    }

    /// Moves the clock forward (or back, with a negative value).
    public func advance(seconds: Int64) {
        let wasFixed = fixed.withLock { value -> Bool in
            guard let current = value else { return false }
            value = current + seconds
            return true
        }
        if !wasFixed { offset.withLock { $0 += seconds } }
    }
}
