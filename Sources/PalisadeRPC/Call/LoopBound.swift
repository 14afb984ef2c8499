import PalisadeWire

/// Carries a loop-confined object across a `@Sendable` boundary.
///
/// The value may be created anywhere but is only *used* on its event loop: the only way in is
/// `EventLoop.execute`, whose closure runs on the loop thread. That is what makes the
/// `@unchecked Sendable` sound; `value` asserts it in debug builds.
struct LoopBound<Value>: @unchecked Sendable {
    private let wrapped: Value
    let loop: EventLoop

    init(_ value: Value, loop: EventLoop) {
        self.wrapped = value
        self.loop = loop
    }

    var value: Value {
        loop.assertInLoop()
        return wrapped
    }
}

/// The actions a handler-side call can ask of its loop-side owner.
enum CallLoopAction: Sendable {
    /// New outbound messages (or the end of them) are waiting in the bridge's outbox.
    case drainOutbox
    /// The handler has taken buffered inbound bytes; acknowledge them to the peer.
    case releaseInbound
    /// The handler side gave up on the call (task cancelled, body threw): reset the stream.
    case cancel(RPCErrorBox)
}

/// The loop side of a call: a server stream or a client stream on one connection.
protocol CallLoopSide: AnyObject {
    func perform(_ action: CallLoopAction)
}

/// Boxes an error so the action enum stays trivially `Sendable`.
struct RPCErrorBox: Sendable {
    let code: StatusCode
    let message: String
}
