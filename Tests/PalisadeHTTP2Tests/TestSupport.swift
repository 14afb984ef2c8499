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
        let fromClient = try transfer(from: client, to: server, through: &buffer, recording: &wire.clientToServer)
        let fromServer = try transfer(from: server, to: client, through: &buffer, recording: &wire.serverToClient)
        if fromClient == 0, fromServer == 0 { return wire }
    }
}

/// Moves what `sender` has to send now into `receiver`, keeping a copy; returns the byte count.
private func transfer(
    from sender: H2Session, to receiver: H2Session, through buffer: inout [UInt8], recording record: inout [UInt8]
) throws -> Int {
    buffer.removeAll(keepingCapacity: true)
    try sender.produceOutput(into: &buffer)
    if !buffer.isEmpty {
        record += buffer
        try receiver.receive(buffer)
    }
    return buffer.count
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

/// Starts a gRPC-shaped request on `client`: `body` as its one DATA frame, then the end of the
/// stream; without a body, headers that end the stream.
func sendRequest(_ client: H2Session, body: [UInt8]? = nil) throws -> Int32 {
    guard let body else { return try client.submitRequest(headers: grpcRequest(), endStream: true) }
    let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
    try client.sendData(streamID: id, body)
    try client.finish(streamID: id, trailers: nil)
    return id
}

/// A request from ``sendRequest(_:body:)`` that `server` has received, its events dropped: for
/// tests that start from the response.
func receivedRequest(_ client: H2Session, _ server: H2Session, body: [UInt8]? = nil) throws -> Int32 {
    let id = try sendRequest(client, body: body)
    try pump(client, server)
    _ = server.takeEvents()
    return id
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
