import PalisadeRPC
import PalisadeWire
import Testing

/// The listen host as configuration writes it: empty (`:7101`) means every IPv4 interface.
/// (Checked without binding one: tests listen on loopback only.)
@Suite("Listen host")
struct ListenHostTests {
    @Test("an empty host is not loopback: cleartext is refused there, naming the address")
    func emptyHostPlaintextRefused() {
        var message = ""
        do {
            _ = try Harness.start(.h2c) { $0.host = "" }
        } catch {
            message = "\(error)"
        }
        #expect(message.contains("only allowed on a loopback address, not 0.0.0.0"), "\(message)")
    }
}
