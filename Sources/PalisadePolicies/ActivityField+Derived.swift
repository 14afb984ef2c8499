import PalisadeJSON

/// Fields worked out from several members of the entry, for what a test of one field cannot say.
extension ActivityField {
    typealias DerivedReader = @Sendable (inout PolicySubject) -> [FieldValue]

    /// The derived fields by name.
    static let derivedReaders: [String: DerivedReader] = [
        "scopesAdded": { scopesAdded(&$0) }
    ]

    /// `scopesAdded`: the scopes of `details.new_scopes` that `details.previous_scopes` lacks, in
    /// their order. An `app_scopes_expanded` that grants again what the app already had has
    /// none, so `scopesAdded: {exists: true}` tells a real expansion from a re-approval, and a
    /// title can name what was added.
    static func scopesAdded(_ subject: inout PolicySubject) -> [FieldValue] {
        let previous = Set(scopes(&subject, "previous_scopes"))
        var seen: Set<String> = []
        return scopes(&subject, "new_scopes").filter { !previous.contains($0) && seen.insert($0).inserted }.map(FieldValue.string)
    }

    /// The non-empty strings of the array `details.<member>` of the raw entry.
    private static func scopes(_ subject: inout PolicySubject, _ member: String) -> [String] {
        let (elements, _) = subject.raw(["details", member])
        return elements.flatMap { element -> [String] in
            guard case .array(let items) = element.value else { return [] }
            return items.compactMap { item in item.string.flatMap { $0.isEmpty ? nil : $0 } }
        }
    }
}
