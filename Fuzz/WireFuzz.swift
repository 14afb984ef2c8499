// libFuzzer entry point for PalisadeWire. Built by Fuzz/run.sh together with the module's
// sources and the vector test messages (Tests/PalisadeWireTests/VectorMessages.swift) into one
// module, so no `import PalisadeWire` is needed here.
import Foundation

/// Feeds one input to every parser that accepts bytes from the network. Any trap, crash,
/// sanitizer report or leak is a bug; thrown errors are the expected outcome for most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzDeframer(bytes)
    fuzzBinary(bytes)
    fuzzJSON(bytes)
    fuzzActivityReader(bytes)
    return 0
}

/// The hand-written Activity reader may give up (nil), but what it returns must be what the
/// Codable path returns for the same bytes; and the decoder's outcome must not change. Compared
/// by canonical encoding: a NaN coordinate is not equal to itself, but its bits are.
private func fuzzActivityReader(_ bytes: [UInt8]) {
    func canonical(_ activity: Activity?) -> [UInt8]? { activity.flatMap { try? WireEncoder().encode($0) } }
    let generic = canonical(try? WireDecoder(usesFastReaders: false).decode(Activity.self, from: bytes))
    let fast = WireFieldReader.reading(bytes) { reader in Activity(wireFields: &reader).flatMap { reader.failed ? nil : $0 } }
    if let fast, canonical(fast) != generic {
        fatalError("the Activity reader returned a value the Codable path does not")
    }
    if canonical(try? WireDecoder().decode(Activity.self, from: bytes)) != generic {
        fatalError("the decoder's outcome for an Activity changed with the fast reader")
    }
    roundTrip(Activity.self, bytes)
}

/// The same stream in 1-byte, 7-byte and whole chunks must yield the same messages or the
/// same error: the deframer's output may not depend on how TCP split the bytes.
private func fuzzDeframer(_ bytes: [UInt8]) {
    func run(chunk: Int) -> ([[UInt8]], FramingError?) {
        var deframer = MessageDeframer(maxMessageSize: 1024)
        var messages: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + chunk, bytes.count)
            deframer.append(bytes[start..<end])
            start = end
            do {
                while let message = try deframer.next() { messages.append(message) }
            } catch {
                return (messages, error)
            }
        } while start < bytes.count
        return (messages, nil)
    }
    let whole = run(chunk: max(1, bytes.count))
    for chunk in [1, 7] {
        let split = run(chunk: chunk)
        if split.0 != whole.0 || split.1 != whole.1 {
            fatalError("deframer result depends on chunking (chunk size \(chunk))")  // the fuzzer reports this as a crash
        }
    }
}

/// Decodes as each test message; anything decoded must re-encode and decode to the same value.
private func fuzzBinary(_ bytes: [UInt8]) {
    roundTrip(Scalars.self, bytes)
    roundTrip(Nested.self, bytes)
    roundTrip(Collections.self, bytes)
    roundTrip(Optionals.self, bytes)
    roundTrip(Item.self, bytes)
    roundTrip(Node.self, bytes)
    roundTrip(HealthCheckRequest.self, bytes)
    roundTrip(HealthCheckResponse.self, bytes)
}

private func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
    guard let value = try? WireDecoder().decode(type, from: bytes) else { return }
    guard let encoded = try? WireEncoder().encode(value) else {
        fatalError("decoded \(T.self) cannot be re-encoded")
    }
    guard let again = try? WireDecoder().decode(type, from: encoded) else {
        fatalError("canonical encoding of \(T.self) does not decode")
    }
    // NaN != NaN, so only compare the canonical bytes, which must be a fixed point.
    if (try? WireEncoder().encode(again)) != encoded {
        fatalError("canonical encoding of \(T.self) is not a fixed point")
    }
}

private func fuzzJSON(_ bytes: [UInt8]) {
    let decoder = WireJSONDecoder()
    _ = try? decoder.decode(Scalars.self, from: bytes)
    _ = try? decoder.decode(Collections.self, from: bytes)
    _ = try? decoder.decode(Nested.self, from: bytes)
    _ = try? decoder.decode(Optionals.self, from: bytes)
    _ = try? decoder.decode(HealthCheckResponse.self, from: bytes)
    _ = try? decoder.decode(RPCErrorBody.self, from: bytes)
}
