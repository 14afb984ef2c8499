extension PolicyFilter {
    /// The actions (lower-cased) an activity must have for the filter to hold, when the filter
    /// says so (`action: X`, `action: [X, Y]`, or an `all` holding such a test); nil when it
    /// could hold for any action. The evaluator skips a policy for every other action without
    /// reading the activity: most policies watch a few actions, and most activities are none
    /// of them.
    public var requiredActions: Set<String>? {
        switch self {
        case .condition(let condition):
            guard condition.field.name == "action" else { return nil }
            switch condition.test {
            case .equals(.string(let action)): return [action.lowercased()]
            case .oneOf(let values):
                var actions = Set<String>()
                for value in values {
                    guard case .string(let action) = value else { return nil }
                    actions.insert(action.lowercased())
                }
                return actions
            default: return nil
            }
        case .all(let filters):
            var required: Set<String>?
            for filter in filters {
                guard let actions = filter.requiredActions else { continue }
                required = required.map { $0.intersection(actions) } ?? actions
            }
            return required
        case .any(let filters):
            var union = Set<String>()
            for filter in filters {
                guard let actions = filter.requiredActions else { return nil }
                union.formUnion(actions)
            }
            return union
        case .not: return nil
        }
    }
}
