import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

/// The golden vectors of `Protocol/activity.md` (`Protocol/vectors/activity`). Each pair's JSON
/// half gives the expected value: the binary half must decode to it and encode back byte for
/// byte, and the value must encode to the same JSON.
@Suite("Golden vectors of the Activity messages")
struct ActivityVectorTests {
    /// The vector for `name`, with the value its JSON half describes as the expected value.
    static func vector(_ name: String) throws -> GoldenVector {
        let json = try VectorFiles.data("\(name).json")
        func expecting<T: Codable & Equatable & Sendable>(_ type: T.Type) throws -> GoldenVector {
            GoldenVector(name, try WireJSONDecoder().decode(type, from: json))
        }
        switch name {
        case "activity/activity_actor": return try expecting(ActivityActor.self)
        case "activity/activity_agent_message": return try expecting(ActivityAgentMessage.self)
        case "activity/activity_app": return try expecting(ActivityApp.self)
        case "activity/activity_entity": return try expecting(ActivityEntity.self)
        case "activity/activity_location": return try expecting(ActivityLocation.self)
        case "activity/activity_place": return try expecting(ActivityPlace.self)
        default: return try expecting(Activity.self)
        }
    }

    @Test("every activity vector: binary and JSON halves agree, and both re-encode exactly")
    func vectors() throws {
        let names = try VectorFiles.names(in: "activity")
        #expect(names.count >= 14)
        for name in names {
            let vector = try Self.vector(name)
            let problems = try vector.binaryProblems() + vector.jsonProblems()
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test("a minimal activity keeps an unknown action and Slack's bytes")
    func minimal() throws {
        let decoded = try WireJSONDecoder().decode(Activity.self, from: try VectorFiles.data("activity/activity_minimal.json"))
        #expect(decoded.unknownAction)
        #expect(decoded.category == .other)
        #expect(decoded.actor == nil && decoded.entity == nil && decoded.location == nil)
        let raw = String(decoding: decoded.raw, as: UTF8.self)
        #expect(raw.contains(#""action":"workspace_teleported""#))
    }
}
