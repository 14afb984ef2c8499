import Foundation
import PalisadeJSON
import PalisadeMessages

/// A field of an activity a policy can test: a named member of the `Activity` message
/// (`actor.email`, `location.country`, `ipTags`…), a member of one of its `fields` maps
/// (`entity.fields.<key>`), or a path into the raw entry as Slack sent it (`raw.details.reason`).
///
/// A field has no value, one, or several (`ipTags`, `entity.scopes`, a raw path through an
/// array): a condition holds when one of them satisfies it, `exists` when there is one.
public struct ActivityField: Sendable, Equatable, CustomStringConvertible {
    /// The name as written in the policy.
    public let name: String
    /// Reads the values, resolved once here rather than looked up by name per activity.
    private let read: @Sendable (inout PolicySubject) -> [FieldValue]

    /// The field named `name`, or nil when no field has that name.
    public init?(_ name: String) {
        self.name = name
        if name.hasPrefix("raw.") {
            let path = name.dropFirst(4).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else { return nil }
            read = { subject in
                let (elements, source) = subject.raw(path)
                return elements.compactMap { Self.value(of: $0, in: source) }
            }
        } else if let range = name.range(of: ".fields."), let map = Self.mapReaders[String(name[..<range.lowerBound])] {
            let key = String(name[range.upperBound...])
            guard !key.isEmpty else { return nil }
            read = { subject in map(subject.activity)?[key].map { [.string($0)] } ?? [] }
        } else if let member = Self.readers[name] {
            read = { subject in member(subject.activity) }
        } else if let derived = Self.derivedReaders[name] {
            read = derived
        } else {
            return nil
        }
    }

    /// Fields are the same when their names are.
    public static func == (lhs: ActivityField, rhs: ActivityField) -> Bool { lhs.name == rhs.name }

    /// The name.
    public var description: String { name }

    /// Whether the field's values are addresses (what `cidr` tests).
    public var isAddress: Bool { name == "ip" }

    /// Whether the field's values are points in time (what time comparisons need).
    public var isTime: Bool { name == "time" || name == "ingested" }

    /// The field's values in `subject`.
    public func values(in subject: inout PolicySubject) -> [FieldValue] { read(&subject) }

    /// A raw element as a value: strings, numbers and booleans; objects and arrays as their JSON
    /// text (so `contains` can look into them); `null` as no value.
    private static func value(of element: JSONElement, in source: [UInt8]) -> FieldValue? {
        switch element.value {
        case .null: nil
        case .bool(let flag): .bool(flag)
        case .number: Double(element.text(in: source)).map(FieldValue.number)
        case .string(let text): .string(text)
        case .array, .object: .string(element.text(in: source))
        }
    }

    /// The names of every member field and derived field (`scopesAdded`), for error messages.
    public static var memberNames: [String] { (Array(readers.keys) + derivedReaders.keys).sorted() }
}
