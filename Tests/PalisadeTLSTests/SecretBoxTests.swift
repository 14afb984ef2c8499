import Foundation
import PalisadeTLS
import Testing

@Suite("SecretBox: secrets at rest")
struct SecretBoxTests {
    private func withDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secretbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test("seal then open gives the plaintext back; each seal uses a fresh nonce")
    func roundTrip() throws {
        let box = try SecretBox(key: [UInt8](repeating: 7, count: 32))
        let secret = Array("xoxp-1234-5678-abcdef".utf8)
        let a = try box.seal(secret, context: "connection:1/access")
        let b = try box.seal(secret, context: "connection:1/access")
        #expect(a != b)
        #expect(a.count == secret.count + 29)
        #expect(try box.open(a, context: "connection:1/access") == secret)
        #expect(try box.open(try box.seal([], context: "c"), context: "c") == [])
    }

    @Test("a wrong context, key, or altered byte does not open")
    func refusals() throws {
        let box = try SecretBox(key: [UInt8](repeating: 7, count: 32))
        let other = try SecretBox(key: [UInt8](repeating: 8, count: 32))
        let sealed = try box.seal(Array("token".utf8), context: "connection:1/access")
        #expect(throws: TLSError.self) { _ = try box.open(sealed, context: "connection:2/access") }
        #expect(throws: TLSError.self) { _ = try other.open(sealed, context: "connection:1/access") }
        for i in sealed.indices {
            var altered = sealed
            altered[i] ^= 0x01
            #expect(throws: TLSError.self) { _ = try box.open(altered, context: "connection:1/access") }
        }
        #expect(throws: TLSError.self) { _ = try box.open([1, 2, 3], context: "c") }
        #expect(throws: TLSError.self) { _ = try SecretBox(key: [1, 2, 3]) }
    }

    @Test("the key file is created 0600 once, then read back; a shared or short file is refused")
    func keyFile() throws {
        try withDirectory { dir in
            let path = dir + "/connector.key"
            let first = try SecretBox.loadOrCreateKey(at: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            #expect((attributes[.size] as? Int) == 32)
            let sealed = try first.seal(Array("s".utf8), context: "c")
            let again = try SecretBox.loadOrCreateKey(at: path)
            #expect(try again.open(sealed, context: "c") == Array("s".utf8))

            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let shared = #expect(throws: TLSError.self) { _ = try SecretBox.loadOrCreateKey(at: path) }
            #expect(shared?.message.contains("chmod 600") == true)

            let short = dir + "/short.key"
            _ = FileManager.default.createFile(atPath: short, contents: Data([1, 2, 3]), attributes: [.posixPermissions: 0o600])
            #expect(throws: TLSError.self) { _ = try SecretBox.loadOrCreateKey(at: short) }
            #expect(throws: TLSError.self) { _ = try SecretBox.loadOrCreateKey(at: dir + "/missing-dir/x.key") }
        }
    }
}
