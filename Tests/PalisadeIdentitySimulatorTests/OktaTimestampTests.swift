import Foundation
import Testing

@testable import PalisadeIdentitySimulator

@Suite("Okta simulator: timestamps")
struct OktaTimestampTests {
    @Test("the hand-written timestamps agree with Foundation's ISO 8601 formatter, leap days and centuries included")
    func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var seconds: Int64 = 0
        var mismatches: [Int64] = []
        while seconds < 4_200_000_000 {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            if OktaUserDocument.timestamp(seconds) != expected { mismatches.append(seconds) }
            seconds += 7_776_037
        }
        for special: Int64 in [951_782_400, 951_868_799, 4_107_542_400, 1_709_164_800, 86_399] {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(special)))
            if OktaUserDocument.timestamp(special) != expected { mismatches.append(special) }
        }
        #expect(mismatches.isEmpty)
    }
}
