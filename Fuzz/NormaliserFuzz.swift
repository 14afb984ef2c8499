// libFuzzer entry point for ingestion's reading of Slack's entries: PalisadeJSON's parser (every
// byte of an audit entry is untrusted: it comes from Slack, or from whoever holds a connector
// certificate) and the normaliser that turns an entry into an Activity. Built by Fuzz/run.sh
// with IngestionCore's Normalising sources in one module, over the modules they import.

import Foundation
import PalisadeJSON
import PalisadeMessages
import PalisadeWire

/// One normaliser for every input: building its action rules takes longer than a run.
private let normaliser = EntryNormaliser()

/// Parses the input as an entry and normalises it. Either is refused or succeeds; then the
/// activity must encode, decode back to itself, and keep the input as its raw bytes. The
/// parser's compact form of any JSON it accepts must parse again to the same text. Any trap,
/// crash or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let element = try? JSONElement.parse(bytes, maxDepth: 16) {
        let compact = element.compactText(in: bytes)
        guard let again = try? JSONElement.parse(compact, maxDepth: 16), again.compactText(in: compact) == compact else {
            fatalError("the compact form of accepted JSON does not parse back to itself")
        }
    }
    guard let activity = try? normaliser.normalise(bytes, orgID: "E1").activity else { return 0 }
    guard activity.raw == Data(bytes) else { fatalError("raw is not the input") }
    do {
        let encoded = try WireEncoder().encode(activity)
        var limits = WireLimits()
        limits.maxMessageSize = 8 << 20
        guard try WireDecoder(limits: limits).decode(Activity.self, from: encoded) == activity else {
            fatalError("the activity does not survive its encoding")
        }
    } catch {
        fatalError("a normalised activity cannot be encoded or decoded: \(error)")
    }
    return 0
}
