import Foundation
import PalisadeNet

/// One test of one field, e.g. `actor.email` `suffix` `@acme.test`.
///
/// Text compares without regard to case (Slack's e-mail addresses and ids come in either); a
/// field with several values satisfies the test when one of them does (`exists`: when it has
/// one). Order comparisons take numbers, or times on the time fields.
public struct PolicyCondition: Sendable, Equatable {
    /// The field tested.
    public let field: ActivityField
    /// The test.
    public let test: Test

    /// What a condition tests.
    public enum Test: Sendable, Equatable {
        /// Equal to the value.
        case equals(FieldValue)
        /// Equal to one of the values.
        case oneOf([FieldValue])
        /// Text starting with one of the strings.
        case prefix([String])
        /// Text ending with one of the strings.
        case suffix([String])
        /// Text containing one of the strings.
        case contains([String])
        /// Text in which the pattern matches somewhere (compiled when the policy is read;
        /// linear in the text whatever the pattern, and ignoring case).
        case regex(LinearRegex)
        /// An address in one of the networks.
        case cidr([IPNetwork])
        /// The field has a value (true) or has none (false).
        case exists(Bool)
        /// Ordered against a number or a time: `>`, `>=`, `<`, `<=`.
        case compare(Comparison, FieldValue)
    }

    /// An order comparison.
    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case greaterThan = "gt"
        case greaterOrEqual = "gte"
        case lessThan = "lt"
        case lessOrEqual = "lte"
    }

    /// A condition.
    public init(field: ActivityField, test: Test) {
        self.field = field
        self.test = test
    }

    /// Whether `subject` satisfies the condition.
    public func holds(for subject: inout PolicySubject) -> Bool {
        let values = field.values(in: &subject)
        if case .exists(let wanted) = test { return values.isEmpty != wanted }
        return values.contains { test.holds(for: $0) }
    }
}

extension PolicyCondition.Test {
    /// Whether one value satisfies the test (`exists` is decided on all values at once).
    func holds(for value: FieldValue) -> Bool {
        switch self {
        case .equals(let wanted): return Self.same(value, wanted)
        case .oneOf(let wanted): return wanted.contains { Self.same(value, $0) }
        case .prefix(let texts): return Self.folded(value).map { text in texts.contains { text.hasPrefix($0) } } ?? false
        case .suffix(let texts): return Self.folded(value).map { text in texts.contains { text.hasSuffix($0) } } ?? false
        case .contains(let texts): return Self.folded(value).map { text in texts.contains { text.contains($0) } } ?? false
        // The regex folds case as it reads, so the text is not lowered (and copied) first.
        case .regex(let regex):
            guard case .string(let text) = value else { return false }
            return regex.matches(text)
        case .cidr(let networks):
            guard case .string(let text) = value, let address = IPAddress(text) else { return false }
            return networks.contains { $0.contains(address) }
        case .exists: return true
        case .compare(let comparison, let bound): return Self.order(value, bound).map(comparison.accepts) ?? false
        }
    }

    /// Text in the form tests compare it: lower-cased. Operands are lowered when parsed.
    static func folded(_ value: FieldValue) -> String? {
        if case .string(let text) = value { return text.lowercased() }
        return nil
    }

    private static func same(_ value: FieldValue, _ wanted: FieldValue) -> Bool {
        switch (value, wanted) {
        case (.string(let a), .string(let b)): return a.lowercased() == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.time(let a), .time(let b)): return a == b
        // A raw number written as text in the entry ("42"), and the other way round.
        case (.string(let a), .number(let b)): return Double(a) == b
        case (.number(let a), .string(let b)): return Double(b) == a
        default: return false
        }
    }

    /// How `value` orders against `bound`: negative, zero or positive; nil when they do not compare.
    private static func order(_ value: FieldValue, _ bound: FieldValue) -> Int? {
        switch (value, bound) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .number(let b)): return Double(a).map { $0 < b ? -1 : ($0 > b ? 1 : 0) }
        case (.time(let a), .time(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        default: return nil
        }
    }
}

extension PolicyCondition.Comparison {
    func accepts(_ order: Int) -> Bool {
        switch self {
        case .greaterThan: order > 0
        case .greaterOrEqual: order >= 0
        case .lessThan: order < 0
        case .lessOrEqual: order <= 0
        }
    }
}
