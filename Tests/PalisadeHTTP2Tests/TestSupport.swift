import PalisadeHTTP2
import Testing

/// Bytes that crossed the in-memory connection, kept for frame-level assertions.
struct Wire {
    var clientToServer: [UInt8] = []
    var serverToClient: [UInt8] = []
}

/// Shuttles `produceOutput` bytes into the other side's `receive` until neither produces anything.
@discardableResult
func pump(_ client: H2Session, _ server: H2Session) throws -> Wire {
    var wire = Wire()
    var buffer: [UInt8] = []
    while true {
        buffer.removeAll(keepingCapacity: true)
        try client.produceOutput(into: &buffer)
        let fromClient = buffer.count
        if fromClient > 0 {
            wire.clientToServer += buffer
            try server.receive(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
        try server.produceOutput(into: &buffer)
        let fromServer = buffer.count
        if fromServer > 0 {
            wire.serverToClient += buffer
            try client.receive(buffer)
        }
        if fromClient == 0, fromServer == 0 { return wire }
    }
}

/// Pumps and hands every event to the side's handler until there are neither bytes nor events.
/// Handlers may call the session (that is the drive loop acting on recorded events).
@discardableResult
func converse(
    _ client: H2Session, _ server: H2Session,
    client onClient: (H2Event) throws -> Void = { _ in },
    server onServer: (H2Event) throws -> Void = { _ in }
) throws -> Wire {
    var wire = Wire()
    while true {
        let round = try pump(client, server)
        wire.clientToServer += round.clientToServer
        wire.serverToClient += round.serverToClient
        let clientEvents = client.takeEvents()
        let serverEvents = server.takeEvents()
        for event in clientEvents { try onClient(event) }
        for event in serverEvents { try onServer(event) }
        if clientEvents.isEmpty, serverEvents.isEmpty, round.clientToServer.isEmpty, round.serverToClient.isEmpty {
            return wire
        }
    }
}

/// A connected pair whose SETTINGS have been exchanged.
func connectedPair(
    client clientSettings: H2Session.Settings = .init(), server serverSettings: H2Session.Settings = .init()
) throws -> (H2Session, H2Session) {
    let client = try H2Session(role: .client, settings: clientSettings)
    let server = try H2Session(role: .server, settings: serverSettings)
    try pump(client, server)
    _ = client.takeEvents()
    _ = server.takeEvents()
    return (client, server)
}

/// One HTTP/2 frame header, for checking flags on the wire.
struct Frame: Equatable {
    var type: UInt8
    var flags: UInt8
    var streamID: Int32
    var length: Int

    static let data: UInt8 = 0
    static let headers: UInt8 = 1
    static let endStream: UInt8 = 0x1
    static let endHeaders: UInt8 = 0x4
}

/// Splits a byte stream into frames (skipping the client preface if present).
func frames(_ bytes: [UInt8]) -> [Frame] {
    var index = bytes.starts(with: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)) ? 24 : 0
    var result: [Frame] = []
    while index + 9 <= bytes.count {
        let length = Int(bytes[index]) << 16 | Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
        let streamID =
            Int32(bytes[index + 5] & 0x7f) << 24 | Int32(bytes[index + 6]) << 16 | Int32(bytes[index + 7]) << 8
            | Int32(bytes[index + 8])
        result.append(Frame(type: bytes[index + 3], flags: bytes[index + 4], streamID: streamID, length: length))
        index += 9 + length
    }
    return result
}

/// gRPC-shaped request headers.
func grpcRequest(path: String = "/palisade.Echo/Unary", extra: [H2Header] = []) -> [H2Header] {
    [
        H2Header(":method", "POST"), H2Header(":scheme", "http"), H2Header(":path", path),
        H2Header(":authority", "localhost"), H2Header("te", "trailers"),
        H2Header("content-type", "application/grpc"),
    ] + extra
}

let grpcResponse = [H2Header(":status", "200"), H2Header("content-type", "application/grpc")]

/// A 5-byte-prefixed gRPC message with a recognisable payload.
func message(_ index: Int) -> [UInt8] {
    let payload = (0..<(index % 61)).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) }
    let length = UInt32(payload.count)
    return [0, UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)]
        + payload
}

extension H2Event {
    var streamClosedCode: (Int32, UInt32)? {
        if case .streamClosed(let id, let code) = self { return (id, code) }
        return nil
    }
}
