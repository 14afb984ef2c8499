import PalisadeWire

extension StorageError: RPCErrorConvertible {
    /// A storage failure seen by an RPC caller: UNAVAILABLE (a busy or full disk passes; the
    /// call may be retried) with the message, which names no bound value (see ``StorageError``).
    public var rpcError: RPCError { RPCError(.unavailable, message) }
}
