extension Int64 {
    /// `self + other`, held at `Int64.max` (or `.min`) instead of trapping. For Unix times
    /// computed from values that come from outside (a `Retry-After`, an `expires_in`): such a
    /// value must never be able to kill the process, at the call or at every restart after it.
    func plusSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
