/// Which activities a policy is about: conditions on their fields, combined with `all`, `any`
/// and `not`.
public indirect enum PolicyFilter: Sendable, Equatable {
    /// Every filter holds (an empty list holds for every activity).
    case all([PolicyFilter])
    /// At least one filter holds (an empty list holds for none).
    case any([PolicyFilter])
    /// The filter does not hold.
    case not(PolicyFilter)
    /// One condition.
    case condition(PolicyCondition)

    /// Whether `subject` passes the filter; `all` and `any` stop at the first filter that decides.
    public func matches(_ subject: inout PolicySubject) -> Bool {
        switch self {
        case .all(let filters):
            for filter in filters where !filter.matches(&subject) { return false }
            return true
        case .any(let filters):
            for filter in filters where filter.matches(&subject) { return true }
            return false
        case .not(let filter): return !filter.matches(&subject)
        case .condition(let condition): return condition.holds(for: &subject)
        }
    }
}
