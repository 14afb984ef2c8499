internal import DequeModule
import PalisadeHTTP1
import PalisadeTLS
import PalisadeWire

/// The HTTP/1.1 side of a server connection: choosing the protocol on cleartext, feeding the
/// `H1Session`, and writing answers in order through TLS with the same output bound as HTTP/2.
extension Connection {
    /// Input kept behind a request that is still being answered (pipelined requests) before the
    /// connection stops reading from the peer.
    static let http1InputLimit = 16 << 10

    /// What an HTTP/2 client sends first (RFC 9113 §3.4); anything else on cleartext is HTTP/1.1.
    static let h2Preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// Feeds HTTP/1.1 input, or, on a cleartext connection that has not shown its protocol yet,
    /// keeps the first bytes until they match the HTTP/2 preface or differ from it (at most 24).
    func feedHTTP1OrSniff(_ bytes: UnsafeRawBufferPointer) {
        if var first = sniffed {
            first.append(contentsOf: bytes)
            let compared = min(first.count, Self.h2Preface.count)
            let looksLikeH2 = first.prefix(compared).elementsEqual(Self.h2Preface.prefix(compared))
            if looksLikeH2, compared < Self.h2Preface.count {
                sniffed = first
                return
            }
            sniffed = nil
            if looksLikeH2 {
                guard startH2() else { return }
                first.withUnsafeBytes { feedSession($0) }
                flushLater()
                return
            }
            guard let limits = http1Limits else { return }
            let session = H1Session(limits: limits)
            http1 = session
            first.withUnsafeBytes { session.receive($0) }
        } else {
            http1?.receive(bytes)
        }
        deliverHTTP1Events()
    }

    /// Hands what the HTTP/1.1 session recorded to the delegate.
    func deliverHTTP1Events() {
        guard let events = http1?.takeEvents(), !events.isEmpty else { return }
        delegate?.connection(self, receivedHTTP1: events)
    }

    /// The previous request was answered: read the next one (kept input first).
    func resumeHTTP1() {
        guard let http1, state == .active else { return }
        http1.resume()
        deliverHTTP1Events()
        if state == .active, http1.bufferedBytes < Self.http1InputLimit { resumeReading() }
    }

    /// Queues HTTP/1.1 bytes (an answer's head or body) to go out after what is queued already.
    func sendHTTP1(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, state == .active else { return }
        http1Queue.append(bytes[...])
        flushLater()
    }

    /// Closes once everything queued is written (an answer with `Connection: close`).
    func closeAfterHTTP1Sent() {
        closeAfterHTTP1Output = true
        flushLater()
    }

    /// Moves queued HTTP/1.1 bytes through TLS into the output buffer, up to the output limit;
    /// tells the delegate when this emptied the queue.
    func produceHTTP1() {
        let hadOutput = !http1Queue.isEmpty
        while let chunk = http1Queue.first {
            if pendingOutbound >= Self.outboundLimit {
                stoppedAtLimit = true
                return
            }
            let piece = chunk.prefix(64 << 10)
            if let tls {
                let written = piece.withUnsafeBytes { buffer in
                    Result { () throws(TLSError) in try tls.writePlaintext(buffer) }
                }
                guard case .success = written else {
                    close(RPCError(.internalError, "cannot encrypt HTTP/1.1 output to \(peer)"))
                    return
                }
                tls.drainCiphertext(into: &outbound)
            } else {
                outbound.append(contentsOf: piece)
            }
            if piece.count == chunk.count {
                http1Queue.removeFirst()
            } else {
                http1Queue[0] = chunk.dropFirst(piece.count)
            }
        }
        if hadOutput { delegate?.connectionSentHTTP1Output(self) }
    }

    /// Ends the connection after its last answer: TLS close_notify, then the half-close and
    /// short linger that let the peer read everything before it sees the close.
    func closeGracefully() {
        closeAfterHTTP1Output = false
        if let tls, !peerClosed {
            tls.close()
            tls.drainCiphertext(into: &outbound)
        }
        peerClosed = true
        linger(nil)
    }
}
