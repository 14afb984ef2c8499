/// The random-looking ids of Okta's answers (`X-Okta-Request-Id`, `errorId`), derived from the
/// seed and a counter so that a run is reproducible.
enum OktaIdentifier {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-".utf8)

    /// 27 characters, as Okta's request ids (`XmZ4cW1CQnOQqKxnX9wUFwAACDQ`).
    static func requestID(seed: UInt64, serial: Int) -> String {
        spell("request/\(seed)/\(serial)", count: 27)
    }

    /// `oae` and 22 characters, as Okta's error ids.
    static func errorID(seed: UInt64, serial: Int) -> String {
        "oae" + spell("error/\(seed)/\(serial)", count: 22)
    }

    private static func spell(_ key: String, count: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var round = 0
        while bytes.count < count {
            let hash = StableHash(key + "/" + String(round))
            for var word in [hash.high, hash.low] {
                for _ in 0..<10 where bytes.count < count {
                    bytes.append(alphabet[Int(word & 63)])
                    word >>= 6
                }
            }
            round += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
