import Foundation
import PalisadeMessages

extension ActivityField {
    typealias Reader = @Sendable (Activity) -> [FieldValue]

    private static func text(_ value: String?) -> [FieldValue] {
        guard let value, !value.isEmpty else { return [] }
        return [.string(value)]
    }

    private static func flag(_ value: Bool?) -> [FieldValue] { value.map { [.bool($0)] } ?? [] }

    private static func number(_ value: Double?) -> [FieldValue] { value.map { [.number($0)] } ?? [] }

    private static func texts(_ values: [String]?) -> [FieldValue] { (values ?? []).filter { !$0.isEmpty }.map(FieldValue.string) }

    private static func name<Value: Equatable>(_ value: Value, in names: [(name: String, value: Value)]) -> [FieldValue] {
        ValueNames.name(of: value, in: names).map { [.string($0)] } ?? []
    }

    /// Every member field: an empty string, an absent part or an absent optional is no value.
    static let readers: [String: Reader] = [
        "orgID": { text($0.orgID) },
        "entryID": { text($0.entryID) },
        "time": { [.time($0.time)] },
        "ingested": { [.time($0.ingested)] },
        "action": { text($0.action) },
        "category": { name($0.category, in: ActivityCategory.named) },
        "administrative": { [.bool($0.administrative)] },
        "unknownAction": { [.bool($0.unknownAction)] },
        "actor.kind": { $0.actor.map { name($0.kind, in: ActivityActorKind.named) } ?? [] },
        "actor.type": { text($0.actor?.type) },
        "actor.id": { text($0.actor?.id) },
        "actor.name": { text($0.actor?.name) },
        "actor.email": { text($0.actor?.email) },
        "actor.team": { text($0.actor?.team) },
        "actor.accountType": { text($0.actor?.accountType) },
        "entity.type": { text($0.entity?.type) },
        "entity.id": { text($0.entity?.id) },
        "entity.name": { text($0.entity?.name) },
        "entity.email": { text($0.entity?.email) },
        "entity.team": { text($0.entity?.team) },
        "entity.domain": { text($0.entity?.domain) },
        "entity.accountType": { text($0.entity?.accountType) },
        "entity.privacy": { text($0.entity?.privacy) },
        "entity.shared": { flag($0.entity?.shared) },
        "entity.orgShared": { flag($0.entity?.orgShared) },
        "entity.sharedWith": { texts($0.entity?.sharedWith) },
        "entity.fileType": { text($0.entity?.fileType) },
        "entity.title": { text($0.entity?.title) },
        "entity.scopes": { texts($0.entity?.scopes) },
        "entity.botScopes": { texts($0.entity?.botScopes) },
        "entity.distributed": { flag($0.entity?.distributed) },
        "entity.directoryApproved": { flag($0.entity?.directoryApproved) },
        "entity.workflowApp": { flag($0.entity?.workflowApp) },
        "entity.appID": { text($0.entity?.appID) },
        "entity.channel": { text($0.entity?.channel) },
        "entity.messageTS": { text($0.entity?.messageTS) },
        "place.type": { text($0.place?.type) },
        "place.id": { text($0.place?.id) },
        "place.name": { text($0.place?.name) },
        "place.domain": { text($0.place?.domain) },
        "ip": { text($0.ip) },
        "userAgent": { text($0.userAgent) },
        "sessionID": { text($0.sessionID) },
        "impersonated": { [.bool($0.impersonated)] },
        "actingApp.id": { text($0.actingApp?.id) },
        "actingApp.name": { text($0.actingApp?.name) },
        "actingApp.scopes": { texts($0.actingApp?.scopes) },
        "actingApp.botScopes": { texts($0.actingApp?.botScopes) },
        "actingApp.creator": { text($0.actingApp?.creator) },
        "actingAgent": { text($0.actingAgent) },
        "location.country": { text($0.location?.country) },
        "location.subdivision": { text($0.location?.subdivision) },
        "location.city": { text($0.location?.city) },
        "location.latitude": { number($0.location?.latitude) },
        "location.longitude": { number($0.location?.longitude) },
        "location.accuracyRadiusKm": { number($0.location?.accuracyRadiusKm.map(Double.init)) },
        "ipCategory": { name($0.ipCategory, in: IPCategory.named) },
        "ipTags": { texts($0.ipTags) },
        "details": { text($0.details) },
    ]

    /// The `fields` maps, by the part that carries one.
    static let mapReaders: [String: @Sendable (Activity) -> [String: String]?] = [
        "actor": { $0.actor?.fields },
        "entity": { $0.entity?.fields },
        "actingApp": { $0.actingApp?.fields },
    ]
}
