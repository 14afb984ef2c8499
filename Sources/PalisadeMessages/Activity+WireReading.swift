import Foundation
import PalisadeWire

// Hand-written readers of the Activity messages (``WireFastDecodable``). A subscriber reads
// activities by the hundred thousand per second, and the `Codable` path (a field table per
// message, existential containers, a field path kept for error messages) spent about 30 µs on
// each, five times what the wire and the service spend. These read each field once, in order.
// Anything unusual (a wrong wire type, an enum value this build does not know, a number out of
// range) returns nil and the `Codable` path takes over, so both give the same value:
// `ActivityWireReadingTests` and the `wire-fuzz` target compare them.

extension Activity: WireFastDecodable {
    /// Reads an activity; nil leaves the bytes to the `Codable` path.
    public init?(wireFields reader: inout WireFieldReader) {
        self.init()
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = take(reader.varint(field), into: &sequence)
            case 2: read = take(reader.string(field), into: &orgID)
            case 3: read = take(reader.string(field), into: &entryID)
            case 4: read = take(reader.timestamp(field), into: &time)
            case 5: read = take(reader.timestamp(field), into: &ingested)
            case 6: read = take(reader.string(field), into: &action)
            case 7: read = take(integerCase(reader.varint(field)), into: &category)
            case 8: read = take(reader.bool(field), into: &administrative)
            case 9: read = take(reader.bool(field), into: &unknownAction)
            case 10: read = present(reader.message(field).flatMap { ActivityActor(wireFields: $0) }, into: &actor)
            case 11: read = present(reader.message(field).flatMap { ActivityEntity(wireFields: $0) }, into: &entity)
            case 12: read = present(reader.message(field).flatMap { ActivityPlace(wireFields: $0) }, into: &place)
            case 13: read = take(reader.string(field), into: &ip)
            case 14: read = take(reader.string(field), into: &userAgent)
            case 15: read = take(reader.string(field), into: &sessionID)
            case 16: read = take(reader.bool(field), into: &impersonated)
            case 17: read = present(reader.message(field).flatMap { ActivityApp(wireFields: $0) }, into: &actingApp)
            case 18: read = take(reader.string(field), into: &actingAgent)
            case 19: read = present(reader.message(field).flatMap { ActivityAgentMessage(wireFields: $0) }, into: &agentMessage)
            case 20: read = present(reader.message(field).flatMap { ActivityLocation(wireFields: $0) }, into: &location)
            case 21: read = take(integerCase(reader.varint(field)), into: &ipCategory)
            case 22: read = append(reader.string(field), to: &ipTags)
            case 23: read = take(reader.string(field), into: &details)
            case 24: read = take(reader.data(field), into: &raw)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

extension ActivityActor {
    init?(wireFields source: WireFieldReader) {
        self.init()
        var reader = source
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = take(integerCase(reader.varint(field)), into: &kind)
            case 2: read = take(reader.string(field), into: &type)
            case 3: read = take(reader.string(field), into: &id)
            case 4: read = take(reader.string(field), into: &name)
            case 5: read = take(reader.string(field), into: &email)
            case 6: read = take(reader.string(field), into: &team)
            case 7: read = take(reader.string(field), into: &accountType)
            case 8: read = insert(reader.stringEntry(field), into: &fields)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

extension ActivityEntity {
    init?(wireFields source: WireFieldReader) {
        self.init()
        var reader = source
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = take(reader.string(field), into: &type)
            case 2: read = take(reader.string(field), into: &id)
            case 3: read = take(reader.string(field), into: &name)
            case 4: read = take(reader.string(field), into: &email)
            case 5: read = take(reader.string(field), into: &team)
            case 6: read = take(reader.string(field), into: &domain)
            case 7: read = take(reader.string(field), into: &accountType)
            case 8: read = take(reader.string(field), into: &privacy)
            case 9: read = present(reader.bool(field), into: &shared)
            case 10: read = present(reader.bool(field), into: &orgShared)
            case 11: read = append(reader.string(field), to: &sharedWith)
            case 12: read = take(reader.string(field), into: &fileType)
            case 13: read = take(reader.string(field), into: &title)
            case 14: read = append(reader.string(field), to: &scopes)
            case 15: read = append(reader.string(field), to: &botScopes)
            case 16: read = present(reader.bool(field), into: &distributed)
            case 17: read = present(reader.bool(field), into: &directoryApproved)
            case 18: read = present(reader.bool(field), into: &workflowApp)
            case 19: read = take(reader.string(field), into: &appID)
            case 20: read = take(reader.string(field), into: &channel)
            case 21: read = take(reader.string(field), into: &messageTS)
            case 22: read = insert(reader.stringEntry(field), into: &fields)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

extension ActivityPlace {
    init?(wireFields source: WireFieldReader) {
        self.init()
        var reader = source
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = take(reader.string(field), into: &type)
            case 2: read = take(reader.string(field), into: &id)
            case 3: read = take(reader.string(field), into: &name)
            case 4: read = take(reader.string(field), into: &domain)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

extension ActivityApp {
    init?(wireFields source: WireFieldReader) {
        self.init()
        var reader = source
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = take(reader.string(field), into: &id)
            case 2: read = take(reader.string(field), into: &name)
            case 3: read = append(reader.string(field), to: &scopes)
            case 4: read = append(reader.string(field), to: &botScopes)
            case 5: read = present(reader.bool(field), into: &distributed)
            case 6: read = present(reader.bool(field), into: &directoryApproved)
            case 7: read = present(reader.bool(field), into: &workflowApp)
            case 8: read = take(reader.string(field), into: &creator)
            case 9: read = take(reader.string(field), into: &team)
            case 10: read = insert(reader.stringEntry(field), into: &fields)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

extension ActivityAgentMessage {
    init?(wireFields source: WireFieldReader) {
        self.init()
        var reader = source
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = take(reader.string(field), into: &team)
            case 2: read = take(reader.string(field), into: &channelID)
            case 3: read = take(reader.string(field), into: &messageTS)
            case 4: read = take(reader.string(field), into: &threadTS)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

extension ActivityLocation {
    init?(wireFields source: WireFieldReader) {
        self.init()
        var reader = source
        while let field = reader.next() {
            let read: Bool
            switch field.number {
            case 1: read = present(reader.string(field), into: &country)
            case 2: read = present(reader.string(field), into: &subdivision)
            case 3: read = present(reader.string(field), into: &city)
            case 4: read = present(reader.double(field), into: &latitude)
            case 5: read = present(reader.double(field), into: &longitude)
            case 6: read = present(reader.varint(field).flatMap { UInt32(exactly: $0) }, into: &accuracyRadiusKm)
            case 7: read = present(reader.timestamp(field), into: &databaseBuilt)
            default: read = true
            }
            guard read else { return nil }
        }
        guard !reader.failed else { return nil }
    }
}

// MARK: Setting a field from a read value (false when the value could not be read)

private func take<Value>(_ value: Value?, into target: inout Value) -> Bool {
    guard let value else { return false }
    target = value
    return true
}

private func present<Value>(_ value: Value?, into target: inout Value?) -> Bool {
    guard let value else { return false }
    target = value
    return true
}

private func append(_ value: String?, to target: inout [String]) -> Bool {
    guard let value else { return false }
    target.append(value)
    return true
}

private func insert(_ entry: (key: String, value: String)?, into target: inout [String: String]) -> Bool {
    guard let entry else { return false }
    target[entry.key] = entry.value
    return true
}

/// An integer enum's case; nil for a value this build does not know (the `Codable` path then
/// reads it as the 0 case, as `encoding.md` §4 rule 6 says).
private func integerCase<Case: RawRepresentable>(_ value: UInt64?) -> Case? where Case.RawValue == Int {
    value.flatMap { Int(exactly: $0) }.flatMap { Case(rawValue: $0) }
}
