import Foundation
import PalisadeMessages
import PalisadeNormaliser
import PalisadeTestSupport
import PalisadeWire
import Testing

/// The golden activities of `Protocol/activity.md`: each vector's `raw` entry, normalised, must give
/// the vector's activity field for field. Enrichment (location, IP category and tags) and what the
/// store assigns (sequence, commit time) come from elsewhere, so they are copied from the vector;
/// everything else is the normaliser's own.
@Suite("Normalising the golden entries of activity.md")
struct NormaliserVectorTests {
    static let names = [
        "activity_minimal", "activity_file_downloaded", "activity_bot_channel_created", "activity_slackbot_canvas_edited",
        "activity_anomaly_quirks", "activity_bulk_session_reset_quirks", "activity_app_acting_for_user", "activity_workflow_fields",
    ]

    static func expected(_ name: String) throws -> Activity {
        try WireJSONDecoder().decode(Activity.self, from: try VectorFiles.data("activity/\(name).json"))
    }

    @Test(arguments: names)
    func normalisesToTheVector(name: String) throws {
        let expected = try Self.expected(name)
        var activity = try EntryNormaliser().normalise(Array(expected.raw), orgID: expected.orgID).activity
        activity.sequence = expected.sequence
        activity.ingested = expected.ingested
        activity.location = expected.location
        activity.ipCategory = expected.ipCategory
        activity.ipTags = expected.ipTags
        #expect(activity == expected)
        if activity != expected {
            let encoder = WireJSONEncoder()
            Issue.record("got \(String(decoding: try encoder.encode(activity), as: UTF8.self))")
        }
    }
}
