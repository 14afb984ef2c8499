// libFuzzer entry point for PalisadeHTTP1, the reader of every HTTP/1.1 request the servers
// accept. Built by Fuzz/run.sh together with the module's sources into one module, so no
// `import PalisadeHTTP1` is needed here.

/// Feeds one input to a session whole, then split where the first byte says, then byte by
/// byte: all three must record the same requests (bodies joined) and refuse the same request.
/// The refusal's status may differ: a head with several faults (too many fields and a bad
/// character) is refused for the first one seen, and libhttp-parser reports a token to us as it
/// arrives when input is cut inside it, but at its end when it is whole. Any trap,
/// crash or sanitizer report is a bug; refusals are the expected outcome for most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = read(bytes, in: [bytes.count])
    let cut = size > 1 ? Int(bytes[0]) % size : 0
    let split = read(bytes, in: [cut, bytes.count - cut])
    let trickled = read(bytes, in: Array(repeating: 1, count: bytes.count))
    guard whole == split, whole == trickled else {
        fatalError("the events depend on how the input was split:\n\(whole)\n\(split)\n\(trickled)")
    }
    return 0
}

/// The events of one session fed `bytes` in pieces of the given sizes, answering each request
/// as soon as it ends (so pipelined requests are read too), with body events joined.
private func read(_ bytes: [UInt8], in pieces: [Int]) -> [H1Event] {
    let session = H1Session(limits: .init(maxHeadBytes: 2048, maxFields: 20, maxBodyBytes: 4096))
    var events: [H1Event] = []
    var start = 0
    for length in pieces {
        bytes[start..<(start + length)].withUnsafeBytes { session.receive($0) }
        start += length
        var fresh = session.takeEvents()
        while !fresh.isEmpty {
            events += fresh
            fresh = []
            if events.last == .end {
                session.resume()
                fresh = session.takeEvents()
            }
        }
        check(events, failed: session.hasFailed)
    }
    return joined(events)
}

/// What must hold of any event sequence: a head only after a beginning, body only after a head,
/// nothing after a failure, and a head within the limits.
private func check(_ events: [H1Event], failed: Bool) {
    var inRequest = false, haveHead = false
    for (index, event) in events.enumerated() {
        switch event {
        case .requestBegan:
            precondition(!inRequest, "a request began inside another")
            inRequest = true
            haveHead = false
        case .head(let head):
            precondition(inRequest && !haveHead, "a head outside a request")
            precondition(head.headers.count <= 20, "more fields than the limit")
            haveHead = true
        case .body(let bytes):
            precondition(haveHead && !bytes.isEmpty, "body before the head, or empty")
        case .end:
            precondition(haveHead, "a request ended without a head")
            inRequest = false
        case .failed(let error):
            precondition(index == events.count - 1, "events after a failure")
            precondition([400, 408, 413, 431, 501, 505].contains(error.status), "unexpected status \(error.status)")
        }
    }
    precondition(failed == (events.last.map { if case .failed = $0 { true } else { false } } ?? false))
}

private func joined(_ events: [H1Event]) -> [H1Event] {
    var out: [H1Event] = []
    for event in events {
        if case .failed(let error) = event {
            precondition([400, 408, 413, 431, 501, 505].contains(error.status), "unexpected status \(error.status)")
            out.append(.failed(H1ParseError(status: 0, "")))
            continue
        }
        if case .body(let more) = event, case .body(let so) = out.last {
            out[out.count - 1] = .body(so + more)
        } else {
            out.append(event)
        }
    }
    return out
}
